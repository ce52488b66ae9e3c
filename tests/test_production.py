"""The production environment: data root from the environment, any fsspec URL, no demo data."""

from __future__ import annotations

import fsspec
import pytest
from kedro.framework.session import KedroSession
from kedro.io.core import DatasetError

from tests.test_run import project  # noqa: F401 - the fixture

STAGES = ["ingest", "normalize", "split", "audit"]


def run(project_path, params: dict, pipelines: list[str]) -> None:
    with KedroSession.create(
        project_path=project_path, env="production", runtime_params=params
    ) as session:
        session.run(pipeline_names=pipelines)


@pytest.mark.parametrize("scheme", ["file://", "memory://"])
def test_runs_write_below_the_configured_root(project, tmp_path, monkeypatch, scheme):  # noqa: F811
    # Kedro keeps a URL's host only for cloud stores, so local-style URLs take three slashes.
    root = f"{scheme}{tmp_path}/prod" if scheme == "file://" else f"memory:///{tmp_path.name}"
    monkeypatch.setenv("SEQ_PIPELINE_DATA_ROOT", root)
    run(project, {"raw_path": str(tmp_path / "mine.parquet"), "run_id": "p1"}, STAGES)

    fs, base = fsspec.core.url_to_fs(f"{root}/runs/p1")
    written = {p.rsplit("/", 3)[-3] for p in fs.find(base) if "/status/" not in p}
    assert {"sequences.parquet", "sequences.npz", "split.npz", "data_audit.json"} <= written
    assert fs.exists(f"{base}/manifest.json")
    assert not (project / "data" / "runs").exists()  # nothing under the working folder
    assert not (project / "data" / "01_raw" / "demo_sequences.parquet").exists()


def test_missing_raw_input_is_an_error_naming_the_path(project, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SEQ_PIPELINE_DATA_ROOT", str(tmp_path / "prod"))
    missing = tmp_path / "nowhere.parquet"
    # The catalog passes the reader's error on, prefixed with the dataset's name.
    with pytest.raises(DatasetError, match=r"nowhere\.parquet: raw input does not exist"):
        run(project, {"raw_path": str(missing), "run_id": "p2"}, ["ingest"])
    with pytest.raises(DatasetError, match="no raw input is configured"):
        run(project, {"run_id": "p3"}, ["ingest"])
    assert not (project / "data" / "01_raw" / "demo_sequences.parquet").exists()

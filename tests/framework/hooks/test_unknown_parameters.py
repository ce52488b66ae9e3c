"""Through a real KedroSession: an unknown top-level `--params` key stops the run before any
work, naming the key and the closest known one; a path holding a comma, which `--params`
cannot carry, reaches the raw dataset through conf/local/catalog.yml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project

from seq_pipeline.core.errors import ParameterError
from tests.pipelines.ingest.factory import ragged_table, sha256


@pytest.fixture
def project(project_copy, monkeypatch) -> Path:
    monkeypatch.chdir(project_copy)
    bootstrap_project(project_copy)
    return project_copy


def ingest_report(project: Path, run_id: str) -> dict:
    """The run's ingest report (a versioned dataset: <file>/<version>/<file>)."""
    folder = project / "data/runs" / run_id / "02_intermediate/ingest_report.json"
    (stored,) = [p for p in folder.rglob("*.json") if p.is_file()]
    return json.loads(stored.read_text())


def files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_unknown_top_level_parameter_stops_the_run(project, tmp_path):
    raw = tmp_path / "raw.csv"
    ragged_table(20).to_csv(raw, index=False)
    before = sha256(raw)
    good = {"raw_path": str(raw), "run_id": "good"}
    with KedroSession.create(project_path=project, runtime_params=good) as s:
        s.run(pipeline_names=["ingest"])
    earlier = files(project / "data")
    assert earlier

    typo = {"raw_path": str(raw), "run_id": "typo", "trian_options": {"epochs": 3}}
    with (
        KedroSession.create(project_path=project, runtime_params=typo) as session,
        pytest.raises(ParameterError) as info,
    ):
        session.run(pipeline_names=["ingest"])
    assert "Unknown parameter 'trian_options'; did you mean 'train_options'?" in str(info.value)
    assert files(project / "data") == earlier
    assert sha256(raw) == before


def test_run_inputs_and_declared_keys_are_accepted(project, tmp_path):
    raw = tmp_path / "raw.csv"
    ragged_table(20).to_csv(raw, index=False)
    params = {"raw_path": str(raw), "run_id": "ok", "seed": 3, "train_options": {"epochs": 1}}
    with KedroSession.create(project_path=project, runtime_params=params) as session:
        session.run(pipeline_names=["ingest"])
    assert ingest_report(project, "ok")["n_sequences"] == 20


def test_path_with_a_comma_through_conf_local_catalog(project, tmp_path):
    raw = tmp_path / "my,data.csv"
    ragged_table(20).to_csv(raw, index=False)
    before = sha256(raw)
    # The workaround documented in docs/bad_inputs.md: name the file in conf/local.
    (project / "conf/local/catalog.yml").write_text(
        "raw_sequences:\n"
        "  type: seq_pipeline.datasets.RawSequenceDataset\n"
        f"  filepath: {json.dumps(str(raw))}\n"
    )
    with KedroSession.create(project_path=project, runtime_params={"run_id": "c"}) as session:
        session.run(pipeline_names=["ingest"])
    report = ingest_report(project, "c")
    assert report["source"] == str(raw) and report["n_sequences"] == 20
    assert sha256(raw) == before


def test_misspelt_demo_option_is_refused():
    from pydantic import ValidationError

    from seq_pipeline.core.demo import DemoOptions

    with pytest.raises(ValidationError, match="n_sequence\n  Extra inputs are not permitted"):
        DemoOptions.model_validate({"path": "d.parquet", "n_sequence": 5, "n_steps": 3, "seed": 1})


def test_unknown_key_in_conf_local_parameters_is_refused(project, tmp_path):
    (project / "conf/local/parameters.yml").write_text("trian_options:\n  epochs: 3\n")
    with (
        KedroSession.create(project_path=project, runtime_params={"run_id": "x"}) as session,
        pytest.raises(ParameterError, match="'trian_options'; did you mean 'train_options'"),
    ):
        session.run(pipeline_names=["ingest"])
    assert not (project / "data/runs/x").exists()

"""`run_nodes`, the Kedro side of every scheduler task, without a scheduler: a stage in one
session, a run that does not exist refused before anything runs, and the project folder left
exactly as it was (no kedro-viz statistics in `.viz/`)."""

from __future__ import annotations

import pytest
from kedro.framework.project import settings

from seq_pipeline.core.demo import to_long_table
from seq_pipeline.framework.runs import RunError
from seq_pipeline.orchestration import run_nodes

pytestmark = pytest.mark.slow

INGEST = ["ingest.resolve_columns", "ingest.validate_sequences"]
NORMALIZE = [
    "normalize.build_sequence_tensors",
    "normalize.describe_preprocessing",
    "normalize.encode_labels",
]


def snapshot(folder):
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


def test_stages_run_from_another_folder_and_leave_the_project_alone(
    project_copy, tmp_path, monkeypatch, event_arrays
):
    x, y = event_arrays
    raw = tmp_path / "raw.csv"
    to_long_table(x[:40], y[:40], ("a", "b")).to_csv(raw, index=False)
    data_root = tmp_path / "data"
    monkeypatch.setenv("SEQ_PIPELINE_DATA_ROOT", str(data_root))
    monkeypatch.chdir(tmp_path)
    before = snapshot(project_copy)

    def run(nodes, **params):
        run_nodes(project_copy, "production", "__default__", nodes, params)

    run(INGEST, raw_path=str(raw), run_id="r1")
    with pytest.raises(RunError, match=r"no run 'nope' under .*validated_sequences"):
        run(NORMALIZE, run_id="nope")
    run(NORMALIZE, run_id="r1")

    assert not (data_root / "runs" / "nope").exists()
    assert len(list((data_root / "runs/r1/status").iterdir())) == 2  # one per stage
    assert (data_root / "runs/r1/03_primary/sequences.npz").exists()  # versioned: a folder
    assert snapshot(project_copy) == before
    # The plugins are left out of task sessions only; the project's setting is as it was.
    assert "kedro-viz" not in settings.DISABLE_HOOKS_FOR_PLUGINS

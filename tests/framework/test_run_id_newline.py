"""A run id is matched whole: a trailing newline (which `$` lets through) is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project

from seq_pipeline.framework.runs import RESERVED, RunError, check_run_id
from tests.pipelines.ingest.factory import ragged_table, sha256


@pytest.mark.parametrize("bad", ["pyid\n", "pyid\r\n", "\npyid", "py\nid"])
def test_run_ids_with_a_line_break_are_refused(bad):
    with pytest.raises(RunError, match=r"is not a valid run id"):
        check_run_id(bad)
    assert check_run_id("pyid") == "pyid"


def test_a_session_with_a_newline_run_id_creates_no_folder(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy)
    bootstrap_project(project_copy)
    raw = project_copy / "raw.csv"
    ragged_table(20).to_csv(raw, index=False)
    before = sha256(raw)
    with KedroSession.create(
        project_path=project_copy, runtime_params={"raw_path": str(raw), "run_id": "good"}
    ) as session:
        session.run(pipeline_names=["ingest"])
    runs = project_copy / "data" / "runs"
    earlier = {p: p.read_bytes() for p in runs.rglob("*") if p.is_file()}

    bad = {"raw_path": str(raw), "run_id": "pyid\n"}
    with (  # refused when the session is created, or at the latest when it runs
        pytest.raises(RunError) as info,
        KedroSession.create(project_path=project_copy, runtime_params=bad) as session,
    ):
        session.run(pipeline_names=["ingest"])
    assert "run_id 'pyid\\n' is not a valid run id" in str(info.value)
    assert sorted(p.name for p in runs.iterdir() if p.name not in RESERVED) == ["good"]
    assert {p: p.read_bytes() for p in runs.rglob("*") if p.is_file()} == earlier
    assert sha256(raw) == before
    assert not any(Path(p).name.startswith("pyid") for p in runs.iterdir())

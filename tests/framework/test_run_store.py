"""The run store: order by creation time, canonical parts, abandoned parts, damaged records."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from seq_pipeline.core.splits import SplitOptions
from seq_pipeline.framework.data_root import resolve_data_root
from seq_pipeline.framework.provenance import NotARegularFileError, file_sha256, jsonable
from seq_pipeline.framework.run_choice import is_complete, resolve_run_id
from seq_pipeline.framework.runs import RunError, RunStore, check_run_id, now, owner, part_name


def _complete(store: RunStore, run_id: str, created: str, outputs=("model",)) -> None:
    store.write_manifest(run_id, {"run_id": run_id, "created": created})
    store.write_status(run_id, "train", {"status": "succeeded", "outputs": list(outputs)})


def test_runs_are_ordered_by_creation_time_not_by_name(tmp_path):
    store = RunStore(str(tmp_path / "runs"))
    _complete(store, "nightly", "2026-01-01T00:00:00.000+00:00")  # named by hand, older
    _complete(store, "20260102T000000000Z-abc123", "2026-01-02T00:00:00.000+00:00")
    assert store.run_ids() == ["nightly", "20260102T000000000Z-abc123"]
    assert resolve_run_id(None, store.runs_dir, {"model"}) == "20260102T000000000Z-abc123"


def test_part_names_are_canonical_whatever_the_order_given():
    assert part_name(["split", "normalize", "ingest"]) == "ingest+normalize+split"
    assert part_name(["ingest", "split", "normalize"]) == "ingest+normalize+split"
    assert part_name(["train"], ["train.b", "train.a"]) == "train:train.a,train.b"
    assert part_name(None) == "__default__"


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


def test_a_part_whose_process_died_is_abandoned_and_the_same_command_supersedes_it(tmp_path):
    store = RunStore(str(tmp_path / "runs"))
    store.write_manifest("r", {"run_id": "r", "created": "2026-01-01T00:00:00+00:00"})
    crashed = {**owner(), "pid": _dead_pid(), "status": "running", "started": "2026-01-01T00:01"}
    store.write_status("r", part_name(["split", "ingest"]), crashed)
    assert store.part_states("r") == {"ingest+split": "abandoned"}
    assert not is_complete(store, "r")
    live = {**owner(), "status": "running", "started": "2026-01-01T00:02"}
    store.write_status("r", "train", live)
    assert store.part_states("r")["train"] == "running"  # this very process is alive

    # The same command again (any order of names): the same part, now succeeded.
    store.write_status("r", "train", {"status": "succeeded", "started": "2026-01-01T00:03"})
    redo = {"status": "succeeded", "started": "2026-01-01T00:04", "outputs": []}
    store.write_status("r", part_name(["ingest", "split"]), redo)
    assert store.part_states("r") == {"ingest+split": "succeeded", "train": "succeeded"}
    assert is_complete(store, "r")


def test_a_silent_part_on_another_host_is_abandoned_after_its_lease(tmp_path):
    store = RunStore(str(tmp_path / "runs"))
    store.write_manifest("r", {"run_id": "r", "created": "2026-01-01"})
    old = {"status": "running", "host": "elsewhere", "pid": 1, "heartbeat": "2026-01-01T00:00Z"}
    store.write_status("r", "train", old)
    fresh = {"status": "running", "host": "elsewhere", "pid": 1, "heartbeat": now()}
    store.write_status("r", "evaluate", fresh)
    store.write_status("r", "audit", {"status": "running", "started": "2026-01-01T00:00"})
    assert store.part_states("r") == {
        "train": "abandoned",
        "evaluate": "running",
        "audit": "abandoned",  # a record without host or heartbeat: its start is too old
    }


def test_a_failed_part_redone_by_a_larger_part_is_superseded(tmp_path):
    store = RunStore(str(tmp_path / "runs"))
    store.write_manifest("r", {"run_id": "r", "created": "2026-01-01"})
    failed = {"status": "failed", "started": "1", "declared_outputs": ["model"]}
    store.write_status("r", "train", failed)
    redo = {"status": "succeeded", "started": "2", "outputs": ["model", "metrics"]}
    store.write_status("r", "evaluate+train", redo)
    assert store.part_states("r") == {"train": "superseded", "evaluate+train": "succeeded"}


@pytest.mark.parametrize("damage", ["manifest-0", "manifest-cut", "status-0", "status-cut", "part"])
def test_a_damaged_record_in_another_run_is_skipped_with_a_warning(tmp_path, damage, caplog):
    store = RunStore(str(tmp_path / "runs"))
    _complete(store, "good", "2026-01-01")
    _complete(store, "broken", "2026-01-02")
    kind, how = damage.split("-") if "-" in damage else ("status", "part")
    folder = tmp_path / "runs/broken"
    target = folder / "manifest.json" if kind == "manifest" else next(folder.glob("status/*"))
    text = target.read_text()
    target.write_text({"0": "", "cut": text[: len(text) // 2], "part": '{"status": "ok"}'}[how])
    assert resolve_run_id(None, store.runs_dir, {"model"}) == "good"
    assert str(target) in caplog.text
    with pytest.raises(RunError, match=f"{target}.*re-run"):  # the run being read: an error
        is_complete(store, "broken") if kind == "status" else store.manifest("broken")


@pytest.mark.parametrize("value", ["", "   ", " data", "nosuchprotocol://x"])
def test_an_empty_or_unusable_data_root_is_refused_naming_the_variable(value, monkeypatch):
    monkeypatch.setenv("SEQ_PIPELINE_DATA_ROOT", value)
    with pytest.raises(RunError, match="SEQ_PIPELINE_DATA_ROOT"):
        resolve_data_root(value, "/project")


def test_a_relative_data_root_resolves_against_the_project_not_the_current_folder(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    assert resolve_data_root("data", "/project") == "/project/data"
    assert resolve_data_root("memory://bucket/seq/", "/project") == "memory://bucket/seq"
    assert resolve_data_root("file:///abs/root", "/project") == "/abs/root"


def test_reserved_pointer_names_are_not_run_ids():
    with pytest.raises(RunError, match="reserved"):
        check_run_id("latest")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_device_as_raw_input_is_refused_before_it_is_read(tmp_path):
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFileError, match="not a regular file"):
        file_sha256(str(fifo))  # would block for ever if it were opened
    if Path("/dev/zero").exists():
        with pytest.raises(NotARegularFileError, match="not a regular file"):
            file_sha256("/dev/zero")


def test_parameters_are_recorded_as_json_objects_with_credentials_masked():
    params = {"split_options": SplitOptions(), "raw_path": "http://u:SECRET@h/x.csv", "seed": 1}
    recorded = jsonable(params)
    assert recorded["split_options"] == SplitOptions().model_dump(mode="json")
    assert recorded["raw_path"] == "http://<redacted>@h/x.csv"

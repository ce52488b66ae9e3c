"""Run identity: ids, manifests, "latest complete run", and runs split across processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from seq_pipeline.core.demo import to_long_table
from seq_pipeline.framework.run_choice import is_complete, latest_complete, resolve_run_id
from seq_pipeline.framework.runs import (
    RunError,
    RunStore,
    check_run_id,
    new_run_id,
    upstream_inputs,
)

KEDRO = [sys.executable, "-m", "kedro"]
TINY = (
    "train_options.epochs=2,train_options.lstm_units=8,train_options.dense_units=4,"
    "train_options.batch_size=32,train_options.tensorboard_dir=null,train_options.verbose=0"
)


def test_fresh_ids_are_valid_unique_and_sort_by_time():
    ids = [new_run_id() for _ in range(5)]
    assert len(set(ids)) == 5
    assert all(check_run_id(i) == i for i in ids)
    assert ids[0][:15] <= ids[-1][:15]


@pytest.mark.parametrize("bad", ["", "../up", "a b", "-lead", "x" * 129, "a/b"])
def test_invalid_run_ids_are_refused_with_the_allowed_characters(bad):
    with pytest.raises(RunError, match="letters, digits"):
        check_run_id(bad)


def test_a_run_records_both_files_of_a_train_test_pair(project_copy, tmp_path, event_arrays):
    train, test = tmp_path / "train.csv", tmp_path / "test.csv"
    x, y = event_arrays
    to_long_table(x[:40], y[:40], ("a", "b")).to_csv(train, index=False)
    held_out = to_long_table(x[40:], y[40:], ("a", "b"))
    held_out.assign(sequence_id="test-" + held_out["sequence_id"]).to_csv(test, index=False)
    params = f"run_id=T,raw_path={train},test_path={test}"
    kedro(project_copy, "--pipelines", "ingest", "--params", params)
    raw = RunStore(str(project_copy / "data/runs")).manifest("T")["raw_input"]
    assert (raw["path"], raw["test_path"]) == (str(train), str(test))
    assert len(raw["sha256"]) == len(raw["test_sha256"]) == 64
    assert raw["sha256"] != raw["test_sha256"]


def test_upstream_inputs_ignore_parameters_and_raw_files():
    free = {"params:seed", "parameters", "raw_sequences", "model", "split_indices"}
    assert upstream_inputs(free) == {"model", "split_indices"}


def _record(store: RunStore, run_id: str, part: str, status: str, outputs=()) -> None:
    store.write_manifest(run_id, {"run_id": run_id})
    store.write_status(run_id, part, {"status": status, "outputs": list(outputs)})


def test_latest_complete_run_skips_failed_running_and_lacking_runs():
    store = RunStore("memory://runs-test/runs")  # any fsspec URL works as the root
    _record(store, "a1", "train", "succeeded", ["model", "split_indices"])
    _record(store, "a2", "train", "succeeded", ["model"])  # lacks split_indices
    _record(store, "a3", "ingest", "succeeded", ["model", "split_indices"])
    store.write_status("a3", "split", {"status": "failed"})
    _record(store, "a4", "train", "running", ["model", "split_indices"])
    assert latest_complete(store, {"model", "split_indices"}) == "a1"
    assert latest_complete(store, {"model"}) == "a2"
    assert resolve_run_id(None, store.runs_dir, {"model", "params:seed"}) == "a2"
    with pytest.raises(RunError, match="no complete run"):
        resolve_run_id(None, store.runs_dir, {"metrics"})


def test_a_pipeline_from_raw_data_gets_a_fresh_id_and_a_given_id_wins():
    store = RunStore("memory://runs-test-2/runs")
    assert resolve_run_id(None, store.runs_dir, {"raw_sequences", "params:columns"}) not in (
        store.run_ids()
    )
    assert resolve_run_id("mine", store.runs_dir, {"model"}) == "mine"


def kedro(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "KEDRO_DISABLE_TELEMETRY": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
    done = subprocess.run(
        [*KEDRO, "run", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if check:
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def metrics_of(project: Path, run_id: str) -> list[dict]:
    folder = project / "data/runs" / run_id / "08_reporting/metrics.json"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*/metrics.json"))]


@pytest.mark.slow
def test_separate_processes_share_a_run_and_a_failed_run_is_never_read(
    project_copy, tmp_path, event_arrays
):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    x, y = event_arrays
    to_long_table(x, y, ("a", "b")).to_csv(good, index=False)
    # One positive sequence only: ingest and normalize succeed, split refuses.
    to_long_table(x[:20], (y[:20] * 0).astype(int) | (y[:20].cumsum() == 1), ("a", "b")).to_csv(
        bad, index=False
    )
    for stage in ("ingest", "normalize", "split", "train", "evaluate"):
        kedro(project_copy, "--pipelines", stage, "--params", f"run_id=A,raw_path={good},{TINY}")
    first = metrics_of(project_copy, "A")
    assert len(first) == 1

    failed = kedro(project_copy, "--params", f"run_id=B,raw_path={bad},{TINY}", check=False)
    assert failed.returncode != 0
    store = RunStore(str(project_copy / "data/runs"))
    assert not is_complete(store, "B")
    assert {r["status"] for r in store.statuses("B").values()} == {"failed"}

    kedro(project_copy, "--pipelines", "evaluate", "--params", "run_id=A")
    kedro(project_copy, "--pipelines", "evaluate")  # no id: the latest complete run, A
    again = metrics_of(project_copy, "A")
    assert len(again) == 3
    assert again[1] == first[0] and again[2] == first[0]
    assert not (project_copy / "data/runs/B/08_reporting").exists()

    manifest = store.manifest("A")
    assert manifest["raw_input"]["path"] == str(good)
    assert len(manifest["raw_input"]["sha256"]) == 64
    assert manifest["parameters"]["train_options"]["epochs"] == 2
    assert manifest["packages"]["kedro"]
    statuses = {part: r["status"] for part, r in store.statuses("A").items()}
    assert statuses == dict.fromkeys(
        ("ingest", "normalize", "split", "train", "evaluate"), "succeeded"
    )

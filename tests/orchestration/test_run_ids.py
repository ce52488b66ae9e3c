"""A scheduler's run id becomes a valid project run id, the same for every task of its run;
a task whose run does not exist, or lacks its inputs, is refused before it runs."""

from __future__ import annotations

import pytest

from seq_pipeline.framework.runs import RUN_ID, RunError, RunStore, sanitize_run_id
from seq_pipeline.orchestration import require_run, task_runtime_params


@pytest.mark.parametrize(
    ("scheduler_run_id", "expected"),
    [
        ("manual__2026-01-02T03:04:05.678+00:00", "manual__2026-01-02T03-04-05.678-00-00"),
        ("scheduled__2026-01-01T00:00:00+00:00", "scheduled__2026-01-01T00-00-00-00-00"),
        ("already.valid_id-1", "already.valid_id-1"),
        ("__leading/slash run", "leading-slash-run"),
    ],
)
def test_scheduler_run_ids_become_valid_run_ids(scheduler_run_id, expected):
    assert sanitize_run_id(scheduler_run_id) == expected
    assert RUN_ID.fullmatch(expected)


def test_a_run_id_with_nothing_usable_is_an_error():
    with pytest.raises(RunError, match=r"cannot make a run id .*'__/'"):
        sanitize_run_id("__/")


def test_every_task_of_a_scheduler_run_gets_its_conf_and_one_run_id():
    conf = {"raw_path": "s3://bucket/in.parquet"}
    first = task_runtime_params(conf, "manual__2026-01-02T03:04:05+00:00")
    second = task_runtime_params(conf, "manual__2026-01-02T03:04:05+00:00")
    assert (
        first
        == second
        == {
            "raw_path": "s3://bucket/in.parquet",
            "run_id": "manual__2026-01-02T03-04-05-00-00",
        }
    )
    assert conf == {"raw_path": "s3://bucket/in.parquet"}  # the scheduler's conf is untouched


def test_a_run_id_in_the_conf_targets_an_existing_run():
    params = task_runtime_params({"run_id": "run-7"}, "manual__2026-01-02T03:04:05+00:00")
    assert params == {"run_id": "run-7"}
    with pytest.raises(RunError, match=r"'\.\./x' is not a valid run id"):
        task_runtime_params({"run_id": "../x"}, "manual__2026")


def test_a_task_that_reads_nothing_from_a_run_needs_no_run(tmp_path):
    require_run(RunStore(str(tmp_path / "runs")), "fresh-run", set())


def test_a_task_for_a_run_that_does_not_exist_is_refused(tmp_path):
    store = RunStore(str(tmp_path / "runs"))
    with pytest.raises(RunError, match=r"no run 'nope' under .*\['validated_sequences'\]"):
        require_run(store, "nope", {"validated_sequences"})


def test_a_task_for_a_run_without_its_inputs_is_refused_naming_them(tmp_path):
    store = RunStore(str(tmp_path / "runs"))
    store.write_manifest("run-1", {"run_id": "run-1"})
    store.write_status("run-1", "ingest", {"status": "succeeded", "outputs": ["table"]})
    store.write_status("run-1", "normalize", {"status": "failed", "outputs": ["tensors"]})
    with pytest.raises(RunError, match=r"run 'run-1' .* has no \['tensors'\]"):
        require_run(store, "run-1", {"table", "tensors"})
    require_run(store, "run-1", {"table"})

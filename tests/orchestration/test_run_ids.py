"""A scheduler's run id becomes a valid project run id, the same for every task of its run."""

from __future__ import annotations

import pytest

from seq_pipeline.orchestration import RUN_ID_PATTERN, run_id_from, task_runtime_params


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
    assert run_id_from(scheduler_run_id) == expected
    assert RUN_ID_PATTERN.fullmatch(expected)


def test_a_run_id_with_nothing_usable_is_an_error():
    with pytest.raises(ValueError, match=r"cannot make a run id .*'__/'"):
        run_id_from("__/")


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
    with pytest.raises(ValueError, match=r"'\.\./x' is not a valid run id"):
        task_runtime_params({"run_id": "../x"}, "manual__2026")

"""The schedule's arithmetic at its limits: replicas, one training row, the plateau fallback,
the rounding of the stretch and the validation size the loss monitor switches at."""

from __future__ import annotations

import pytest

from seq_pipeline.training.options import ScheduleOptions
from seq_pipeline.training.schedule import batch_size_for, plan_schedule

ADAPTIVE = ScheduleOptions(adaptive_batch_size=True, batch_size=64, min_batch_size=8)


def test_each_replica_gets_its_share_of_the_eight_updates():
    # 320 rows on 2 replicas: 320 // (8 × 2) = 20 per replica.
    assert batch_size_for(320, ADAPTIVE, replicas=2) == 20
    schedule = plan_schedule(320, ADAPTIVE, replicas=2)
    assert (schedule.per_replica_batch_size, schedule.batch_size) == (20, 40)
    assert (schedule.replicas, schedule.n_train, schedule.steps_per_epoch) == (2, 320, 8)


@pytest.mark.parametrize("n_train", [1, 2])
def test_one_training_row_is_enough(n_train):
    assert plan_schedule(n_train, ScheduleOptions()).steps_per_epoch == 1


def test_no_training_row_is_refused_with_the_reason():
    with pytest.raises(ValueError, match=r"^Cannot train on an empty training split$"):
        plan_schedule(0, ScheduleOptions())


def test_without_patience_the_plateau_waits_half_a_tenth_of_the_epochs():
    options = ScheduleOptions(epochs=120, early_stopping_patience=None, lr_schedule="plateau")
    # ceil(120 / 10) // 2 = 6.
    assert plan_schedule(1000, options).plateau_patience == 6


def test_the_stretch_is_kept_to_four_decimals():
    options = ScheduleOptions(epochs=3, min_steps=10, batch_size=64)
    schedule = plan_schedule(64, options)
    assert schedule.epochs == 10
    assert schedule.stretch == 3.3333


@pytest.mark.parametrize(("n_val", "monitor"), [(9, "loss"), (10, "val_loss"), (11, "val_loss")])
def test_the_validation_loss_is_watched_from_min_val_sequences_on(n_val, monitor):
    options = ScheduleOptions(min_val_sequences=10)
    assert plan_schedule(100, options, n_val=n_val).monitor == monitor


def test_the_schedule_as_a_record():
    record = plan_schedule(100, ScheduleOptions()).as_dict()
    assert record["n_train"] == 100 and record["monitor"] == "val_loss"
    assert list(record)[:3] == ["n_train", "batch_size", "replicas"]

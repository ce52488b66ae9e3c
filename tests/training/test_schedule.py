"""The adaptive schedule: batch size, minimum steps, patience and the monitored loss."""

from __future__ import annotations

import pytest

from seq_pipeline.pipelines.train.options import TrainOptions
from seq_pipeline.training.schedule import batch_size_for, plan_schedule
from tests.test_config import load

ADAPTIVE = TrainOptions(
    adaptive_batch_size=True,
    batch_size=64,
    min_batch_size=8,
    epochs=40,
    min_steps=500,
    early_stopping_patience=6,
    lr_schedule="plateau",
    min_val_sequences=30,
)


@pytest.mark.parametrize(
    ("n_train", "expected"), [(5, 8), (42, 8), (100, 12), (300, 37), (512, 64), (6709, 64)]
)
def test_batch_size_gives_eight_updates_per_epoch_within_bounds(n_train, expected):
    assert batch_size_for(n_train, ADAPTIVE) == expected


def test_fixed_batch_size_when_not_adaptive():
    assert batch_size_for(42, ADAPTIVE.model_copy(update={"adaptive_batch_size": False})) == 64


def test_small_data_gets_at_least_min_steps_and_proportionally_more_patience():
    schedule = plan_schedule(42, ADAPTIVE, n_val=8)
    assert (schedule.batch_size, schedule.steps_per_epoch) == (8, 6)
    assert schedule.epochs == schedule.min_epochs == 84  # ceil(500 / 6): no early stop before
    assert schedule.total_steps >= 500
    assert schedule.early_stopping_patience == 13  # ceil(6 * 84 / 40)
    assert schedule.plateau_patience == 6
    assert schedule.monitor == "loss"  # 8 validation sequences: their loss is noise


def test_large_data_keeps_the_configured_schedule():
    schedule = plan_schedule(6709, ADAPTIVE, n_val=1438)
    assert (schedule.batch_size, schedule.epochs, schedule.early_stopping_patience) == (64, 40, 6)
    assert schedule.stretch == 1.0
    assert schedule.min_epochs == 5  # ceil(500 / 105): early stopping may act from epoch 6
    assert schedule.monitor == "val_loss"
    assert schedule.plateau_patience == 3


def test_python_defaults_are_the_original_fixed_schedule():
    schedule = plan_schedule(42, TrainOptions(), n_val=8)
    assert (schedule.batch_size, schedule.epochs, schedule.steps_per_epoch) == (64, 40, 1)
    assert schedule.lr_schedule == "none" and schedule.plateau_patience is None
    assert schedule.learning_rate == pytest.approx(0.001)  # the script's Adam default
    assert schedule.monitor == "val_loss"


def test_no_patience_means_no_early_stopping_but_still_a_plateau_wait():
    options = ADAPTIVE.model_copy(update={"early_stopping_patience": None})
    schedule = plan_schedule(6709, options)
    assert schedule.early_stopping_patience is None
    assert schedule.plateau_patience == 2  # ceil(40 / 10) // 2


def test_empty_training_split_is_an_error():
    with pytest.raises(ValueError, match="empty training split"):
        plan_schedule(0, ADAPTIVE)


def _train_options(env: str) -> TrainOptions:
    return TrainOptions.model_validate(load(env)[1]["train_options"])


def test_default_config_adapts_and_keeps_the_demo_schedule():
    options = _train_options("local")
    assert options.architecture == "bilstm"
    demo = plan_schedule(6709, options, n_val=1438)  # the demo's training split
    assert (demo.batch_size, demo.epochs, demo.monitor, demo.lr_schedule) == (
        64,
        40,
        "val_loss",
        "plateau",
    )
    small = plan_schedule(42, options, n_val=8)  # GunPoint's official TRAIN minus validation
    assert small.batch_size == 8 and small.total_steps >= 500 and small.monitor == "loss"
    # Square-root rule: the configured rate at the smallest batch, × sqrt(8) at batch 64.
    assert small.learning_rate == pytest.approx(options.learning_rate)
    assert demo.learning_rate == pytest.approx(options.learning_rate * 8**0.5)


def test_sqrt_scaling_follows_the_batch_and_none_keeps_the_rate():
    sqrt = ADAPTIVE.model_copy(update={"learning_rate_scaling": "sqrt", "learning_rate": 0.01})
    rates = {n: plan_schedule(n, sqrt).learning_rate for n in (64, 256, 10_000)}
    assert rates[64] == pytest.approx(0.01)  # batch 8 = min_batch_size
    assert rates[256] == pytest.approx(0.01 * 2)  # batch 32: sqrt(32 / 8)
    assert rates[10_000] == pytest.approx(0.01 * 8**0.5)  # batch 64
    fixed = sqrt.model_copy(update={"learning_rate_scaling": "none"})
    assert plan_schedule(10_000, fixed).learning_rate == pytest.approx(0.01)


def test_seed_config_is_the_practitioners_fixed_schedule():
    schedule = plan_schedule(6709, _train_options("seed"), n_val=1438)
    assert (schedule.batch_size, schedule.epochs, schedule.early_stopping_patience) == (4, 10, None)
    assert schedule.lr_schedule == "none" and schedule.plateau_patience is None
    assert schedule.learning_rate == pytest.approx(0.001)  # the script's Adam default


def test_base_config_clips_gradients_and_the_seed_preset_does_not():
    assert _train_options("local").gradient_clip_norm == 1.0
    assert _train_options("seed").gradient_clip_norm is None
    assert TrainOptions().gradient_clip_norm is None  # options built in code: the original


CAPPED = ADAPTIVE.model_copy(update={"early_stopping_max_steps": 400})


@pytest.mark.parametrize(
    ("n_train", "n_val", "expected"),
    [
        (6709, 1438, 4),  # the demo: 105 batches an epoch, ceil(400 / 105)
        (5056, 1000, 6),  # 79 batches: ceil(400 / 79) = 6, the cap does not bite yet
        (1_000_000, 50_000, 1),  # 15 625 batches: one epoch is already more than 400 updates
    ],
)
def test_patience_is_capped_in_gradient_updates(n_train, n_val, expected):
    schedule = plan_schedule(n_train, CAPPED, n_val=n_val)
    assert schedule.early_stopping_patience == expected
    assert schedule.plateau_patience == max(1, expected // 2)


@pytest.mark.parametrize("n_train", [42, 50, 67, 100, 300, 512, 1000])
def test_patience_cap_leaves_small_sets_unchanged(n_train):
    # The public sets' training splits (real_data.py) are in this range: their runs stand.
    assert plan_schedule(n_train, CAPPED, n_val=8) == plan_schedule(n_train, ADAPTIVE, n_val=8)

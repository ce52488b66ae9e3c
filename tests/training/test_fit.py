"""Which weights a fitted model holds, given early stopping that waits for `min_epochs`."""

from __future__ import annotations

from seq_pipeline.pipelines.train.options import TrainOptions
from seq_pipeline.training.fit import _best_epoch
from seq_pipeline.training.schedule import plan_schedule

LOSS = [0.9, 0.2, 0.5, 0.4, 0.3, 0.35]  # best overall at epoch 2, before min_epochs


def schedule(min_steps: int, patience: int | None = 2):
    options = TrainOptions(epochs=6, batch_size=10, min_steps=min_steps)
    return plan_schedule(10, options.model_copy(update={"early_stopping_patience": patience}))


def test_best_epoch_is_chosen_only_after_the_minimum_steps():
    assert _best_epoch(LOSS, schedule(min_steps=3)) == 5  # epochs 4–6 monitored


def test_without_a_minimum_the_overall_best_epoch_is_restored():
    assert _best_epoch(LOSS, schedule(min_steps=0)) == 2


def test_when_training_ends_at_the_minimum_the_final_weights_stand():
    assert _best_epoch(LOSS, schedule(min_steps=6)) == 6


def test_without_early_stopping_best_epoch_is_informational():
    assert _best_epoch(LOSS, schedule(min_steps=6, patience=None)) == 2

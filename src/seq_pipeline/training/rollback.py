"""Undo a diverging epoch (imports Keras: load lazily).

Why: a BiLSTM can learn and then lose it in one epoch. On GunPoint (official split, seed 0,
benchmarks/results/real_data_gunpoint.md) the training loss falls from 0.69 to 0.51 in 16
epochs, then one epoch jumps to 1.33-1.40 (with or without gradient clipping: Adam rescales a
clipped gradient anyway) and leaves the LSTM in a flat region at 0.69. Nothing else undoes
it: early stopping may not pick weights from before the minimum steps, and reduce-on-plateau,
never again beating 0.51, halves the learning rate to its floor and freezes the model at
chance.

This callback keeps the weights of the best training-loss epoch so far; when an epoch's
training loss exceeds both `factor` × that best and best + `margin`, it restores them and
halves the learning rate (a constant rate only; a schedule keeps its own course). The
training loss, not the validation loss, because divergence is an event of the optimisation,
and the validation split may be a handful of sequences.
"""

from __future__ import annotations

import math

import keras

from seq_pipeline.core.errors import ParameterError


class DivergenceRollback(keras.callbacks.Callback):
    """Back to the best weights so far, at half the learning rate, after a diverging epoch."""

    def __init__(self, factor: float = 2.0, margin: float = 0.1, halve: bool = True):
        super().__init__()
        self.factor, self.margin, self.halve = factor, margin, halve
        self.best = math.inf
        self.weights: list | None = None
        self.epochs: list[int] = []  # 1-based epochs that were undone

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        if loss < self.best:
            self.best, self.weights = loss, self.model.get_weights()
            return
        if self.weights is None or loss <= max(self.factor * self.best, self.best + self.margin):
            return
        self.model.set_weights(self.weights)
        self.epochs.append(epoch + 1)
        if self.halve:
            optimizer = self.model.optimizer
            optimizer.learning_rate = float(optimizer.learning_rate) / 2


def refuse_non_finite_loss(
    losses: list[float], learning_rate: float, clip_norm: float | None, configured: float
) -> None:
    """Stop with the cause when the training loss became NaN or infinite.

    Without this, the first sign is a library deep downstream refusing NaN predictions
    (scikit-learn's "Input contains NaN"), which names neither the divergence nor its cause.
    """
    bad = [i + 1 for i, loss in enumerate(losses) if not math.isfinite(loss)]
    if not bad:
        return
    # The loss just before the divergence (a finite loss after it would mislead).
    before = f" after {losses[bad[0] - 2]:.4g}" if bad[0] > 1 else ""
    raise ParameterError(
        f"training diverged: the training loss became {losses[bad[0] - 1]} in epoch {bad[0]}"
        f"{before} (train_options.learning_rate={configured:g}, Adam's rate at the start "
        f"{learning_rate:g}; train_options.gradient_clip_norm={clip_norm}). Lower "
        "train_options.learning_rate (default 0.001), or set train_options.gradient_clip_norm "
        "(e.g. 1.0) and train_options.divergence_rollback: true"
    )

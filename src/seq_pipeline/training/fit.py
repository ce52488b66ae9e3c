"""Fit one architecture on given rows with the adaptive schedule (imports Keras: load lazily).

Used for the single chosen architecture and for every candidate `auto` tries.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import keras
import numpy as np

from seq_pipeline.core.preprocessing import class_weights
from seq_pipeline.core.scoring import score_binary
from seq_pipeline.models import build_model
from seq_pipeline.models.registry import architecture as registered
from seq_pipeline.training.callbacks import (
    EpochEvents,
    EpochLog,
    EpochTimes,
    KeepBest,
    fit_target,
)
from seq_pipeline.training.callbacks import tensorboard as epoch_tensorboard
from seq_pipeline.training.distribute import replicas
from seq_pipeline.training.epoch_events import listeners
from seq_pipeline.training.inputs import TrainingInputs, training_inputs
from seq_pipeline.training.options import FitOptions
from seq_pipeline.training.rollback import DivergenceRollback, refuse_non_finite_loss
from seq_pipeline.training.schedule import Schedule, plan_schedule
from seq_pipeline.training.tf_logging import consume_once_notices

# Training sequences a data-fitted layer (MiniRocket's biases) is adapted on.
ADAPT_ROWS = 1024


class Deadline(keras.callbacks.Callback):
    """Stops training at the end of the first epoch past a `time.monotonic()` deadline."""

    def __init__(self, deadline: float | None):
        super().__init__()
        self.deadline = deadline
        self.hit = False

    def on_epoch_end(self, epoch, logs=None):
        if self.deadline is not None and time.monotonic() >= self.deadline:
            self.hit = True
            self.model.stop_training = True


class StepDeadline(Deadline):
    """Stops training after the first batch past the deadline, mid-epoch if need be.

    An epoch of a BiLSTM over 900 steps took minutes on a loaded machine, so an epoch-level
    check let `auto` overrun its budget by 50 % (benchmarks/results/auto_long_sequences.md).
    Only used with a deadline: a batch hook makes Keras call every callback's batch hooks.
    """

    def on_train_batch_end(self, batch, logs=None):
        self.on_epoch_end(-1, logs)


def fit_architecture(
    architecture: str,
    sequences: dict[str, np.ndarray] | TrainingInputs,
    fit_rows: np.ndarray,
    val_rows: np.ndarray,
    scaler: dict[str, Any],
    options: FitOptions,
    seed: int,
    deadline: float | None = None,
    tensorboard: bool = False,
) -> tuple[Any, dict[str, Any]]:
    """Train `architecture` on `fit_rows`, early-stopping on `val_rows`; return model + record.

    `sequences` is the tensors in memory or any `TrainingInputs` (shards streamed from disk).
    """
    keras.utils.set_random_seed(seed)
    data = training_inputs(sequences)
    schedule = plan_schedule(len(fit_rows), options, n_val=len(val_rows), replicas=replicas())
    model = _model(architecture, data, fit_rows, scaler, _learning_rate(schedule, options), options)
    weights = class_weights(data.labels(fit_rows), options.class_weight)
    started = time.monotonic()
    if _adapt(model, architecture, data, fit_rows, seed, weights):
        return model, _closed_form_record(
            architecture, model, data, fit_rows, val_rows, schedule, weights, started
        )
    timer, epoch_times = (Deadline if deadline is None else StepDeadline)(deadline), EpochTimes()
    callbacks = _callbacks(architecture, schedule, options, seed, tensorboard)
    rows = {"train": fit_rows, "val": val_rows}
    consume_once_notices()
    started = time.monotonic()
    # Arrays converted once, cheap validation, no mask work when nothing is padded (inputs.py).
    fitted = fit_target(model, data.padded(np.concatenate([fit_rows, val_rows])))
    data.warm_up(fitted, rows, schedule.batch_size, seed, weights)
    history = fitted.fit(
        **data.fit_arguments(rows, schedule.batch_size, seed),
        epochs=schedule.epochs,
        class_weight=weights,
        callbacks=[*callbacks, timer, epoch_times],
        verbose=options.verbose,
    )
    seconds = time.monotonic() - started
    record = {key: [float(v) for v in values] for key, values in history.history.items()}
    refuse_non_finite_loss(
        record["loss"], schedule.learning_rate, options.gradient_clip_norm, options.learning_rate
    )
    probability = data.predict(model, val_rows)
    return model, {
        "architecture": architecture,
        "history": record,
        "epochs_run": len(record["loss"]),
        **_kept(callbacks, record, schedule),
        "stopped_by": _stopped_by(callbacks, timer, len(record["loss"]), schedule),
        "seconds": round(seconds, 2),
        "epoch_seconds": epoch_times.seconds,
        "epoch_cpu_seconds": epoch_times.cpu_seconds,
        "schedule": schedule.as_dict(),
        "class_weight": weights,
        "rollback_epochs": next(
            (c.epochs for c in callbacks if isinstance(c, DivergenceRollback)), []
        ),
        "parameters": int(model.count_params()),
        "val_score": validation_score(data.labels(val_rows), probability),
    }


def _model(architecture, data, fit_rows, scaler, learning_rate, options: FitOptions):
    """`architecture` built and compiled at its sizes, with the training-set statistics."""
    return build_model(
        architecture,
        n_steps=data.step_shape[0],
        n_features=data.step_shape[1],
        fill_values=scaler["mean"],
        mean=scaler["mean"] if options.scale_features else None,
        std=scaler["std"] if options.scale_features else None,
        learning_rate=learning_rate,
        clipnorm=options.gradient_clip_norm,
        **options.sizes(architecture),
    )


def _adapt(model, architecture, data: TrainingInputs, fit_rows, seed, weights) -> bool:
    """Fit the data-fitted layers (the registry's `adapt`, if any) on a sample of training
    rows; True when that fitted the whole model on every training row (no epochs needed)."""
    adapt = registered(architecture).adapt_function()
    if adapt is None:
        return False
    sample = _sample(fit_rows, ADAPT_ROWS, seed)
    whole = adapt(model, *data.values(sample), data.labels(sample), seed, weights)
    # On a sample of a larger set, the closed-form head is where gradient training starts.
    return bool(whole) and len(sample) == len(fit_rows)


def _closed_form_record(architecture, model, data, fit_rows, val_rows, schedule, weights, started):
    """The record of a model fitted without gradient steps: one entry, the fit's own losses."""
    seconds = round(time.monotonic() - started, 2)
    scores = {
        name: validation_score(data.labels(rows), data.predict(model, rows))
        for name, rows in (("train", fit_rows), ("val", val_rows))
    }
    history = {
        "loss": [scores["train"]["log_loss"]],
        "accuracy": [scores["train"]["accuracy"]],
        "val_loss": [scores["val"]["log_loss"]],
        "val_accuracy": [scores["val"]["accuracy"]],
    }
    return {
        "architecture": architecture,
        "history": history,
        "epochs_run": 0,
        "best_epoch": 1,  # the one entry of `history`
        "kept_loss": history["val_loss"][0],
        "kept_because": "fitted in closed form on every training sequence (no gradient steps)",
        "stopped_by": "closed_form",
        "seconds": seconds,
        "epoch_seconds": [seconds],
        "epoch_cpu_seconds": [],
        "schedule": schedule.as_dict(),
        "class_weight": weights,
        "rollback_epochs": [],
        "parameters": int(model.count_params()),
        "val_score": scores["val"],
    }


def _sample(rows: np.ndarray, cap: int, seed: int) -> np.ndarray:
    """At most `cap` of `rows`, sorted, drawn from `seed`."""
    if len(rows) <= cap:
        return np.sort(rows)
    return np.sort(np.random.default_rng(seed).choice(rows, cap, replace=False))


def validation_score(y_true: np.ndarray, probability: np.ndarray) -> dict[str, float]:
    """Accuracy, balanced accuracy and log loss of one model on held-out (never test) rows."""
    scores = score_binary(y_true, probability, threshold=0.5)
    p = np.clip(probability.astype("float64"), 1e-7, 1 - 1e-7)
    y = np.asarray(y_true, dtype="float64")
    log_loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    return {
        "accuracy": scores["accuracy"],
        "balanced_accuracy": scores["balanced_accuracy"],
        "log_loss": log_loss,
        "n": len(y),
    }


def _learning_rate(schedule: Schedule, options: FitOptions):
    if schedule.lr_schedule == "cosine":
        return keras.optimizers.schedules.CosineDecay(
            schedule.learning_rate, decay_steps=schedule.total_steps, alpha=0.01
        )
    return schedule.learning_rate


def _callbacks(
    architecture: str, schedule: Schedule, options: FitOptions, seed: int, tensorboard: bool
) -> list:
    # A NaN loss never recovers: stop at the batch (the fit then refuses it with the cause).
    callbacks: list = [EpochLog(architecture, schedule.epochs), keras.callbacks.TerminateOnNaN()]
    if listeners():  # experiment tracking hears each epoch as it ends
        callbacks.append(EpochEvents(architecture))
    if options.divergence_rollback:
        callbacks.append(DivergenceRollback(halve=schedule.lr_schedule != "cosine"))
    if schedule.early_stopping_patience is not None:
        callbacks.append(
            KeepBest(
                monitor=schedule.monitor,
                patience=schedule.early_stopping_patience,
                min_epochs=schedule.min_epochs,
                keep_from=schedule.min_epochs if options.keep_best_from == "min_epochs" else 0,
            )
        )
    if schedule.plateau_patience is not None:
        callbacks.append(
            keras.callbacks.ReduceLROnPlateau(
                monitor=schedule.monitor,
                factor=0.5,
                patience=schedule.plateau_patience,
                min_lr=schedule.learning_rate / 100,
            )
        )
    if tensorboard and options.tensorboard_dir:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        log_dir = Path(options.tensorboard_dir) / f"{stamp}-seed{seed}"
        callbacks.append(epoch_tensorboard(str(log_dir)))
    return callbacks


def _kept(callbacks: list, history: dict[str, list[float]], schedule: Schedule) -> dict:
    """The epoch whose weights the model holds (1-based), its monitored loss, and why."""
    keep = next((c for c in callbacks if isinstance(c, KeepBest)), None)
    epochs_run = len(history["loss"])
    if keep is None:
        epoch, why = epochs_run, "the last epoch's weights (no early stopping)"
    elif keep.best_weights is None:
        epoch, why = epochs_run, "the last epoch's weights (no epoch after the minimum)"
    else:
        epoch = keep.kept_epoch
        first = keep.start_from_epoch
        why = (
            f"lowest {schedule.monitor} after the first {first} epochs"
            if first
            else (f"lowest {schedule.monitor} of all {epochs_run} epochs")
        )
    monitored = history.get(schedule.monitor) or history["loss"]
    return {
        "best_epoch": epoch,
        "kept_loss": float(monitored[epoch - 1]),
        "kept_because": why,
    }


def _stopped_by(callbacks: list, timer: Deadline, epochs_run: int, schedule: Schedule) -> str:
    if timer.hit and epochs_run < schedule.epochs:
        return "time_budget"
    stopped = [c for c in callbacks if isinstance(c, KeepBest)]
    # Patience running out at the last planned epoch stopped nothing.
    if stopped and stopped[0].stopped_epoch > 0 and epochs_run < schedule.epochs:
        return "early_stopping"
    return "epochs"

"""What `model.fit` gets from the train node: arrays converted once, cheap validation,
cheap logging, and the wall time of every epoch.

Profiled on the demo data (benchmarks/results/train_speed.md), the pipeline's extra cost over a
hand-written loop came from work the loop does not do, not from the model: validation in
small batches, per-batch TensorBoard writes and per-epoch dtype conversion. Each feature
stays, made cheap:
- values, mask and labels are converted to float32 / bool / float32 once, contiguous, so
  Keras slices batches out of them without copying or casting per epoch;
- validation (a forward pass only, used for early stopping) runs in batches of
  `VALIDATION_BATCH_SIZE`: the same numbers, far fewer steps;
- TensorBoard writes once per epoch, never profiles and skips Keras' per-batch hooks;
- with nothing padded, training runs a twin of the model without the mask wiring.
NumPy arrays work under every Keras backend (TensorFlow, JAX, PyTorch), unlike `tf.data`.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import keras
import numpy as np

logger = logging.getLogger(__name__)

# Validation batches only run forward; this bounds their memory (1024 × T × F floats), not
# their result, which does not depend on the batch size.
VALIDATION_BATCH_SIZE = 1024


def fit_arrays(
    sequences: dict[str, np.ndarray], rows: np.ndarray
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The model's inputs and float32 labels for `rows`, converted once and contiguous."""
    inputs = {
        "values": np.ascontiguousarray(sequences["X"][rows], dtype=np.float32),
        "mask": np.ascontiguousarray(sequences["mask"][rows], dtype=bool),
    }
    return inputs, np.ascontiguousarray(sequences["y"][rows], dtype=np.float32)


def fit_arguments(
    sequences: dict[str, np.ndarray], split: dict[str, np.ndarray], batch_size: int
) -> dict[str, Any]:
    """Keyword arguments of `model.fit` for training on `train`, validating on `val`."""
    x, y = fit_arrays(sequences, split["train"])
    return {
        "x": x,
        "y": y,
        "validation_data": fit_arrays(sequences, split["val"]),
        "batch_size": batch_size,
        "validation_batch_size": max(batch_size, VALIDATION_BATCH_SIZE),
        "shuffle": True,
    }


def fit_target(model: keras.Model, padded: bool) -> keras.Model:
    """The model to call `fit` on: `model` itself if a training or validation sequence is
    `padded`; otherwise a twin that shares its layers and weights, compiled the same way, with
    the mask left out of every layer call.

    With nothing padded the mask is all true and changes no number, but a masked LSTM still
    selects between new and old state at every step (forward and backward) and oneDNN falls
    back to Eigen for the boolean tensor. The twin trains the very same variables, so the
    returned `model` (the one saved) is trained and keeps its mask for padded data later.
    """
    return model if padded else mask_free_twin(model)


def mask_free_twin(model: keras.Model) -> keras.Model:
    """A twin of `model` sharing its layers and weights, compiled the same way, that never
    passes the mask to a layer (`model` itself if it is not a functional model)."""

    def call_without_mask(layer, *args, **kwargs):
        kwargs.pop("mask", None)
        return layer(*args, **kwargs)

    try:
        twin = keras.models.clone_model(
            model, clone_function=lambda layer: layer, call_function=call_without_mask
        )
    except ValueError:  # not a functional model: nothing to unwire
        return model
    config = keras.saving.deserialize_keras_object(model.get_compile_config())
    twin.compile(**{**config, "optimizer": model.optimizer})
    return twin


def tensorboard(log_dir: str) -> keras.callbacks.TensorBoard:
    """TensorBoard logging at epoch ends only: no per-batch work, no profiler."""
    return EpochTensorBoard(log_dir=log_dir, update_freq="epoch", profile_batch=0)


class EpochTensorBoard(keras.callbacks.TensorBoard):
    """Keras' TensorBoard callback, minus its per-batch work.

    Even with `update_freq="epoch"` it visits every batch: a step counter, a timer and one
    `summary.scalar` call per metric that nothing records (about 5 % of an epoch's CPU time
    on the demo data). Only the first batch is kept, where the model graph is written.
    """

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        if batch == 0:
            super().on_train_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if batch == 0:
            super().on_train_batch_end(batch, logs)


class EpochTimes(keras.callbacks.Callback):
    """Wall and process-CPU seconds of each epoch (training and validation).

    On a shared machine the wall time depends on other jobs; the CPU time (all threads of
    this process) much less, so the two together say whether an epoch was slow or starved.
    """

    def __init__(self) -> None:
        super().__init__()
        self.seconds: list[float] = []
        self.cpu_seconds: list[float] = []
        self._started = (0.0, 0.0)

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._started = (time.perf_counter(), time.process_time())

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        wall, cpu = self._started
        self.seconds.append(round(time.perf_counter() - wall, 4))
        self.cpu_seconds.append(round(time.process_time() - cpu, 4))


class KeepBest(keras.callbacks.EarlyStopping):
    """Early stopping that never stops before `min_epochs` and keeps the best validated
    weights of any epoch (`keep_from=0`) or of the epochs after `keep_from` only.

    Keras' `start_from_epoch` ties the two together: it neither stops nor looks for the best
    before that epoch, so a run that ends at its minimum keeps its last weights, however far
    past its best validation loss. Here the minimum bounds only when training may stop.
    `kept_epoch` is the 1-based epoch whose weights the model holds when training ends.
    """

    def __init__(self, monitor: str, patience: int, min_epochs: int, keep_from: int) -> None:
        super().__init__(
            monitor=monitor,
            patience=patience,
            restore_best_weights=True,
            start_from_epoch=keep_from,
        )
        self.min_epochs = min_epochs
        self.epochs_seen = 0

    def on_train_begin(self, logs: dict | None = None) -> None:
        super().on_train_begin(logs)
        self.epochs_seen = 0

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epochs_seen = epoch + 1
        stopping = bool(self.model.stop_training)
        super().on_epoch_end(epoch, logs)
        if self.model.stop_training and not stopping and epoch + 1 < self.min_epochs:
            # Patience ran out inside the minimum: keep training, still watching for the best.
            self.model.stop_training = False
            self.stopped_epoch = 0

    @property
    def kept_epoch(self) -> int:
        """The best watched epoch (1-based), or the last when none was watched."""
        return self.best_epoch + 1 if self.best_weights is not None else self.epochs_seen


class EpochLog(keras.callbacks.Callback):
    """One log line per epoch: its number, losses and accuracies, learning rate and time.

    Keras' own `verbose=2` prints two unlogged lines per epoch to stdout; this goes through
    logging, so the console and info.log show the same line.
    """

    def __init__(self, label: str, epochs: int) -> None:
        super().__init__()
        self.label, self.epochs = label, epochs
        self._started = 0.0

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._started = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        shown = ("loss", "accuracy", "val_loss", "val_accuracy")
        values = " ".join(f"{k} {logs[k]:.4f}" for k in shown if k in (logs or {}))
        logger.info(
            "%s epoch %d/%d: %s (%.1f s)",
            self.label,
            epoch + 1,
            self.epochs,
            values,
            time.perf_counter() - self._started,
        )

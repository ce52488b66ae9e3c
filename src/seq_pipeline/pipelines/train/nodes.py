"""Train: fit scaling statistics on training rows only, then the BiLSTM.

Keras is imported inside `train_model` so that pipelines which never train (ingest, split,
`kedro viz`) do not pay for loading TensorFlow.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from seq_pipeline.core.preprocessing import class_weights, fit_scaling_stats

logger = logging.getLogger(__name__)


class TrainOptions(BaseModel):
    """Model sizes and the training schedule."""

    model_config = ConfigDict(extra="forbid")

    scale_features: bool = True
    lstm_units: int = Field(default=128, gt=0)
    dense_units: int = Field(default=50, gt=0)
    dropout: float = Field(default=0.0, ge=0, lt=1)
    learning_rate: float = Field(default=1e-3, gt=0)
    batch_size: int = Field(default=64, gt=0)
    epochs: int = Field(default=40, gt=0)
    early_stopping_patience: int | None = Field(default=6, ge=0)
    class_weight: Literal["auto", "balanced", "none"] = "auto"
    tensorboard_dir: str | None = None
    verbose: Literal[0, 1, 2] = 2


def fit_scaler(sequences: dict[str, np.ndarray], split: dict[str, np.ndarray]) -> dict[str, Any]:
    """Per-feature mean and std over the real steps of training rows only (the leakage rule)."""
    stats = fit_scaling_stats(sequences, split["train"])
    return {
        "feature_names": sequences["feature_names"].tolist(),
        "mean": stats["mean"].tolist(),
        "std": stats["std"].tolist(),
        "n_train_sequences": len(split["train"]),
        "n_train_steps": stats["n_steps"],
    }


def train_model(
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    scaler: dict[str, Any],
    options: TrainOptions,
    seed: int,
) -> tuple[Any, dict[str, Any]]:
    """Train the BiLSTM with early stopping on validation loss; return it and its history."""
    import keras  # noqa: PLC0415 - heavy import, only where a model is trained

    from seq_pipeline.pipelines.train.inputs import (  # noqa: PLC0415
        EpochTimes,
        fit_arguments,
        fit_model,
    )
    from seq_pipeline.pipelines.train.model import build_model  # noqa: PLC0415
    from seq_pipeline.tf_logging import consume_once_notices  # noqa: PLC0415

    keras.utils.set_random_seed(seed)
    x, y, train = sequences["X"], sequences["y"], split["train"]
    model = build_model(
        n_steps=x.shape[1],
        n_features=x.shape[2],
        fill_values=scaler["mean"],
        mean=scaler["mean"] if options.scale_features else None,
        std=scaler["std"] if options.scale_features else None,
        lstm_units=options.lstm_units,
        dense_units=options.dense_units,
        dropout=options.dropout,
        learning_rate=options.learning_rate,
    )
    weights = class_weights(y[train], options.class_weight)
    # --- speed (see pipelines/train/inputs.py): no mask work when nothing is padded, arrays
    # converted once, cheap validation, epoch-only TensorBoard, each epoch's wall time.
    consume_once_notices()
    epoch_times = EpochTimes()
    history = fit_model(model, sequences, split).fit(
        **fit_arguments(sequences, split, options.batch_size),
        epochs=options.epochs,
        class_weight=weights,
        callbacks=[*_callbacks(options, seed), epoch_times],
        verbose=options.verbose,
    )
    # --- end speed
    record = {key: [float(v) for v in values] for key, values in history.history.items()}
    best_epoch = int(np.argmin(record["val_loss"])) + 1
    summary = {
        "history": record,
        "epochs_run": len(record["loss"]),
        "epoch_seconds": epoch_times.seconds,
        "epoch_cpu_seconds": epoch_times.cpu_seconds,
        "best_epoch": best_epoch,
        "class_weight": weights,
        "options": options.model_dump(),
        "seed": seed,
    }
    logger.info(
        "Trained %d epochs; best val_loss %.4f at epoch %d",
        summary["epochs_run"],
        min(record["val_loss"]),
        best_epoch,
    )
    return model, summary


def _callbacks(options: TrainOptions, seed: int) -> list:
    import keras  # noqa: PLC0415

    from seq_pipeline.pipelines.train.inputs import tensorboard  # noqa: PLC0415

    callbacks: list = []
    if options.early_stopping_patience is not None:
        callbacks.append(
            keras.callbacks.EarlyStopping(
                monitor="val_loss",
                patience=options.early_stopping_patience,
                restore_best_weights=True,
            )
        )
    if options.tensorboard_dir:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        log_dir = Path(options.tensorboard_dir) / f"{stamp}-seed{seed}"
        callbacks.append(tensorboard(str(log_dir)))
    return callbacks

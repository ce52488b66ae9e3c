"""Train: fit scaling statistics on training rows only, then the model.

Keras is imported inside `train_model` so that pipelines which never train (ingest, split,
`kedro viz`) do not pay for loading TensorFlow.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from seq_pipeline.pipelines.train.card import model_card
from seq_pipeline.pipelines.train.options import TrainOptions

logger = logging.getLogger(__name__)

__all__ = ["TrainOptions", "class_weights", "fit_scaler", "train_model"]


# Below this minority share, "auto" class weighting switches on.
IMBALANCE_SHARE = 0.4


def fit_scaler(sequences: dict[str, np.ndarray], split: dict[str, np.ndarray]) -> dict[str, Any]:
    """Per-feature mean and std over the real (unpadded, non-missing) steps of training rows."""
    train = split["train"]
    values = sequences["X"][train][sequences["mask"][train]].astype("float64")
    mean = np.nanmean(values, axis=0)
    std = np.nanstd(values, axis=0)
    # A constant feature would divide by zero; scaling it by 1 leaves it harmlessly constant.
    std = np.where(np.isfinite(std) & (std > 0), std, 1.0)
    mean = np.where(np.isfinite(mean), mean, 0.0)
    return {
        "feature_names": sequences["feature_names"].tolist(),
        "mean": mean.tolist(),
        "std": std.tolist(),
        "n_train_sequences": len(train),
        "n_train_steps": len(values),
    }


def class_weights(y: np.ndarray, mode: str) -> dict[int, float] | None:
    """Balanced class weights when asked for, or when `auto` and the minority is rare."""
    counts = np.bincount(y.astype(int), minlength=2)
    minority_share = counts.min() / counts.sum()
    if mode == "none" or (mode == "auto" and minority_share >= IMBALANCE_SHARE):
        return None
    return {c: float(counts.sum() / (2 * counts[c])) for c in (0, 1)}


def train_model(
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    scaler: dict[str, Any],
    options: TrainOptions,
    seed: int,
) -> tuple[Any, dict[str, Any]]:
    """Train the configured architecture (or choose one on validation with `auto`)."""
    # Heavy imports (Keras), only where a model is trained.
    from seq_pipeline.pipelines.train.auto import train_auto  # noqa: PLC0415
    from seq_pipeline.pipelines.train.fitting import fit_architecture  # noqa: PLC0415

    options = TrainOptions.model_validate(options)
    selection = None
    if options.architecture == "auto":
        model, record, selection = train_auto(sequences, split, scaler, options, seed)
    else:
        model, record = fit_architecture(
            options.architecture,
            sequences,
            split["train"],
            split["val"],
            scaler,
            options,
            seed,
            tensorboard=True,
        )
    summary = {
        "history": record["history"],
        "epochs_run": record["epochs_run"],
        "best_epoch": record["best_epoch"],
        "class_weight": record["class_weight"],
        "options": options.model_dump(),
        "seed": seed,
        "architecture": record["architecture"],
        "schedule": record["schedule"],
        "selection": selection,
        "model_card": model_card(record, selection, sequences, split, options, seed),
    }
    logger.info(
        "Trained %s for %d epochs (%s); best val_loss %.4f at epoch %d",
        record["architecture"],
        summary["epochs_run"],
        record["stopped_by"],
        min(record["history"]["val_loss"]),
        summary["best_epoch"],
    )
    return model, summary

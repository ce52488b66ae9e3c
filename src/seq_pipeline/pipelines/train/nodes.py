"""Train: the model (or `auto`'s choice) on training rows, and its training history.

Keras is imported inside `train_model` so that pipelines which never train (ingest, split,
`kedro viz`) do not pay for loading TensorFlow.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from seq_pipeline.core.parameters import check_seed
from seq_pipeline.pipelines.train.options import TrainOptions
from seq_pipeline.training.card import model_card
from seq_pipeline.training.inputs import TrainingInputs, training_inputs

logger = logging.getLogger(__name__)


def train_model(
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    scaler: dict[str, Any],
    options: TrainOptions,
    seed: int,
) -> tuple[Any, dict[str, Any]]:
    """Train the configured architecture (or choose one on validation with `auto`)."""
    seed = check_seed(seed)
    # Heavy imports (Keras), only where a model is trained.
    from seq_pipeline.training.auto import train_auto  # noqa: PLC0415
    from seq_pipeline.training.distribute import (  # noqa: PLC0415
        distribution_scope,
        is_chief,
    )
    from seq_pipeline.training.fit import fit_architecture  # noqa: PLC0415

    selection = None
    # Models are built, compiled and fitted under the configured distribution strategy.
    with distribution_scope(options.distribution, options.peer_timeout_s):
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
                # Non-chief workers write nothing into the run, TensorBoard logs included.
                tensorboard=is_chief(options.distribution),
            )
    return model, training_summary(
        record, selection, training_inputs(sequences), split, options, seed
    )


def training_summary(
    record: dict[str, Any],
    selection: dict[str, Any] | None,
    data: TrainingInputs,
    split: dict[str, np.ndarray],
    options: TrainOptions,
    seed: int,
) -> dict[str, Any]:
    """The `training_history` artifact of one fit (in memory or streamed), logged once."""
    summary = {
        "history": record["history"],
        "epochs_run": record["epochs_run"],
        "epoch_seconds": record["epoch_seconds"],
        "epoch_cpu_seconds": record["epoch_cpu_seconds"],
        "best_epoch": record["best_epoch"],
        "class_weight": record["class_weight"],
        "options": options.model_dump(),
        "seed": seed,
        "architecture": record["architecture"],
        "schedule": record["schedule"],
        "selection": selection,
        "model_card": model_card(
            record, selection, data, split, options, seed, options.architecture
        ),
    }
    if record["stopped_by"] == "closed_form":
        logger.info(
            "Fitted %s in closed form (no gradient steps) in %.1f s; validation loss %.4f",
            record["architecture"],
            record["seconds"],
            record["kept_loss"],
        )
        return summary
    logger.info(
        "Trained %s for %d epochs (stopped by %s); kept epoch %d, %s %.4f: %s",
        record["architecture"],
        summary["epochs_run"],
        record["stopped_by"],
        summary["best_epoch"],
        record["schedule"]["monitor"],
        record["kept_loss"],
        record["kept_because"],
    )
    return summary

"""The model card: what was trained, on what, how, and why this architecture (pure)."""

from __future__ import annotations

from typing import Any

import numpy as np

from seq_pipeline.training.inputs import TrainingInputs
from seq_pipeline.training.options import FitOptions


def model_card(
    record: dict[str, Any],
    selection: dict[str, Any] | None,
    data: TrainingInputs,
    split: dict[str, np.ndarray],
    options: FitOptions,
    seed: int,
    requested: str,
) -> dict[str, Any]:
    """A JSON-ready summary of one trained model; `requested` is the architecture option."""
    history = record["history"]
    best = record["best_epoch"] - 1
    return {
        "architecture": record["architecture"],
        "architecture_option": requested,
        "parameters": record["parameters"],
        "sizes": options.sizes(record["architecture"]),
        "inputs": {
            "values": list(data.step_shape),
            "feature_names": list(data.feature_names),
            "mask": "boolean (N, T); padded steps never change a prediction",
        },
        "preprocessing": {
            "fill_missing": "training-set feature means",
            "scale_features": options.scale_features,
        },
        "data": {name: len(split[name]) for name in ("train", "val", "test") if name in split},
        "training": {
            "schedule": record["schedule"],
            "epochs_run": record["epochs_run"],
            "best_epoch": record["best_epoch"],
            "stopped_by": record["stopped_by"],
            "seconds": record["seconds"],
            "val_loss_at_best_epoch": float(history["val_loss"][best]),
            # The weights the model holds are `best_epoch`'s; this says why that epoch.
            "kept_because": record.get("kept_because"),
            "final_learning_rate": history.get("learning_rate", [None])[-1],
            "class_weight": record["class_weight"],
            "val_score": record["val_score"],
        },
        "selection": selection,
        "seed": seed,
    }

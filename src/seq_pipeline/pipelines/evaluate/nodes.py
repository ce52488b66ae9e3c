"""Evaluate: score every sequence once, then report metrics on the held-out test split."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from seq_pipeline.metrics import score_binary
from seq_pipeline.splits import split_names

logger = logging.getLogger(__name__)


class EvaluateOptions(BaseModel):
    """The decision threshold applied to predicted probabilities."""

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(default=0.5, ge=0, le=1)


def predict_sequences(
    model: Any, sequences: dict[str, np.ndarray], split: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Predicted probability of the positive class for every sequence, tagged by split."""
    from seq_pipeline.models import model_inputs  # noqa: PLC0415 - imports Keras

    probability = model.predict(
        model_inputs(sequences["X"], sequences["mask"]), batch_size=1024, verbose=0
    ).ravel()
    return pd.DataFrame(
        {
            "sequence_id": sequences["ids"],
            "split": split_names(len(probability), split),
            "y_true": sequences["y"].astype(int),
            "probability": probability.astype(float),
        }
    )


def compute_metrics(predictions: pd.DataFrame, options: EvaluateOptions) -> dict[str, Any]:
    """Metrics per split at the configured threshold; `test` is the headline."""
    metrics: dict[str, Any] = {"threshold": options.threshold}
    for name, rows in predictions.groupby("split", sort=False):
        if name:
            metrics[name] = score_binary(rows["y_true"], rows["probability"], options.threshold)
    test = metrics.get("test", {})
    logger.info(
        "Test: accuracy %.4f, balanced accuracy %.4f, ROC AUC %s (n=%d)",
        test.get("accuracy", float("nan")),
        test.get("balanced_accuracy", float("nan")),
        test.get("roc_auc"),
        test.get("n", 0),
    )
    return metrics

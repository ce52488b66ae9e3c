"""Evaluate: score every sequence once, then report metrics on the held-out test split."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from seq_pipeline.core.provenance import provenance
from seq_pipeline.core.scoring import EvaluateOptions, score_by_split
from seq_pipeline.core.shards import Shards
from seq_pipeline.core.splits import split_names
from seq_pipeline.training.predict import (
    predict_probability,
    predict_shard_rows,
    prediction_table,
)

logger = logging.getLogger(__name__)


def predict_sequences(
    model: Any, sequences: dict[str, np.ndarray], split: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Predicted probability of the positive class for every sequence, tagged by split."""
    probability = predict_probability(model, sequences)
    return prediction_table(sequences, probability, split_names(len(probability), split))


def predict_shard_sequences(
    model: Any, shards: Shards, split: dict[str, np.ndarray]
) -> pd.DataFrame:
    """`predict_sequences` for sharded tensors: exact, streamed one shard at a time."""
    every = np.arange(shards.n_sequences)
    columns = {"ids": shards.column("ids"), "y": shards.column("y")}
    probability = predict_shard_rows(model, shards, every)
    return prediction_table(columns, probability, split_names(len(every), split))


def compute_metrics(
    predictions: pd.DataFrame,
    options: EvaluateOptions,
    run_manifest: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Metrics per split at the configured threshold; `test` is the headline. With the run's
    manifest, also what they were computed from (run id, input and sha256, versions,
    options), so a copied metrics file can be traced back."""
    metrics: dict[str, Any] = {"threshold": options.threshold}
    metrics.update(score_by_split(predictions, options.threshold))
    if run_manifest:
        metrics["provenance"] = provenance(run_manifest)
    test = metrics.get("test", {})
    auc = test.get("roc_auc")
    logger.info(
        "Test: accuracy %.4f, balanced accuracy %.4f, ROC AUC %s (n=%d)",
        test.get("accuracy", float("nan")),
        test.get("balanced_accuracy", float("nan")),
        "—" if auc is None else f"{auc:.4f}",
        test.get("n", 0),
    )
    return metrics


__all__ = ["EvaluateOptions", "compute_metrics", "predict_sequences", "predict_shard_sequences"]

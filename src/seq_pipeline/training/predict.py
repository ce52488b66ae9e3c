"""Scoring canonical tensors with a stored model, and the one shape a prediction table has."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from seq_pipeline.core.shard_rows import in_given_order, selected_rows
from seq_pipeline.core.shards import Shards

PREDICT_BATCH = 1024


def predict_probability(model: Any, tensors: dict[str, np.ndarray]) -> np.ndarray:
    """The positive-class probability of every sequence (Keras is imported only here)."""
    from seq_pipeline.models import model_inputs  # noqa: PLC0415 - imports Keras
    from seq_pipeline.training.tf_logging import consume_once_notices  # noqa: PLC0415

    consume_once_notices()
    inputs = model_inputs(tensors["X"], tensors["mask"])
    return model.predict(inputs, batch_size=PREDICT_BATCH, verbose=0).ravel().astype(float)


def prediction_table(
    tensors: dict[str, np.ndarray], probability: np.ndarray, split: np.ndarray | None = None
) -> pd.DataFrame:
    """One row per sequence: id, split (if known), true label and predicted probability."""
    table = pd.DataFrame({"sequence_id": tensors["ids"]})
    if split is not None:
        table["split"] = split
    table["y_true"] = tensors["y"].astype(int)
    table["probability"] = np.asarray(probability, dtype=float)
    return table


def predict_shard_rows(model: Any, shards: Shards, rows: np.ndarray) -> np.ndarray:
    """`predict_probability` for global `rows` of a `Shards`, one shard at a time, in `rows`
    order: the same numbers as on the in-memory tensors, in memory bounded by one shard."""
    parts = [
        predict_probability(model, arrays)
        for _, arrays in selected_rows(shards, rows, ("X", "mask"))
    ]
    probability = np.concatenate(parts) if parts else np.empty(0)
    return in_given_order(rows, probability)

"""A raw batch through a model's contract: the one implementation `inference` and the
MLflow model share.

The `inference` pipeline runs these steps as the ingest and normalize stages' own nodes
(`resolve_inference_columns` → `validate_table` → `build_sequence_tensors`); a served model
runs `contract_tensors`, the same three functions in the same order. Both turn probabilities
into the table `labelled_predictions` builds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from seq_pipeline.core.columns import ID, LABEL, TIME
from seq_pipeline.core.contract import resolve_inference_columns
from seq_pipeline.core.formats import long_table
from seq_pipeline.core.tables import validate_table
from seq_pipeline.core.tensors import build_sequence_tensors


def contract_tensors(
    raw: pd.DataFrame, columns: dict, contract: dict[str, Any]
) -> tuple[dict[str, np.ndarray], dict]:
    """Canonical tensors of a raw long table, cut, padded and filled as the model was trained."""
    spec = resolve_inference_columns(raw, columns, contract)
    table, ingest_report = validate_table(raw, spec)
    return build_sequence_tensors(table, contract, ingest_report)


def arrays_table(
    x: np.ndarray, feature_names: list[str], lengths: np.ndarray | None = None
) -> pd.DataFrame:
    """(N, T, F) values (and each sequence's real length) as an unlabelled long table."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 3 or x.shape[2] != len(feature_names):
        raise ValueError(
            f"X has shape {x.shape}; the model takes (sequences, steps, {len(feature_names)}) "
            f"with features {feature_names}"
        )
    ids = [str(i) for i in range(len(x))]
    lengths = None if lengths is None else np.asarray(lengths, dtype=int)
    table = long_table(x, np.zeros(len(x)), feature_names, ids, lengths)
    return table.drop(columns=LABEL)[[ID, TIME, *feature_names]]


def labelled_predictions(
    tensors: dict[str, np.ndarray],
    probability: np.ndarray,
    label_mapping: dict[str, Any],
    threshold: float,
) -> pd.DataFrame:
    """Probability and predicted label per sequence (plus the true label when known)."""
    names = np.array([label_mapping["negative"], label_mapping["positive"]])
    probability = np.asarray(probability, dtype=float)
    scored = pd.DataFrame(
        {
            "sequence_id": tensors["ids"],
            "probability": probability,
            "predicted_label": names[(probability >= threshold).astype(int)],
        }
    )
    if len(scored) and (tensors["y"] >= 0).all():
        scored["true_label"] = names[tensors["y"].astype(int)]
    return scored

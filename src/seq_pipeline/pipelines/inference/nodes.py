"""Inference: score a new raw file with the stored model.

The file goes through the ingest and normalize stages' own nodes (reused as namespaced
pipelines); the only inference-specific steps are choosing the columns from the model
contract and turning probabilities into labels.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from seq_pipeline.core.columns import RESERVED, ColumnSpec
from seq_pipeline.core.contract import check_features
from seq_pipeline.core.formats import GENERATED_COLUMNS
from seq_pipeline.core.scoring import EvaluateOptions
from seq_pipeline.training.predict import predict_probability

logger = logging.getLogger(__name__)


def resolve_inference_columns(
    raw: pd.DataFrame, columns: ColumnSpec, contract: dict[str, Any]
) -> dict:
    """The user's column mapping with labels optional and features exactly as in training."""
    spec = ColumnSpec.model_validate(columns)
    label = "label" if raw.attrs.get("format") in GENERATED_COLUMNS else spec.label
    if label not in raw.columns:
        spec = spec.model_copy(update={"label": None})
    named = set(RESERVED) | {getattr(spec, k) for k in RESERVED if getattr(spec, k)}
    found = spec.feature_columns or [c for c in raw.columns if c not in named]
    check_features(found, contract, raw.attrs.get("source", "<raw input>"))
    return spec.model_copy(update={"feature_columns": contract["feature_names"]}).model_dump()


def score_sequences(
    model: Any,
    tensors: dict[str, np.ndarray],
    contract: dict[str, Any],
    options: EvaluateOptions,
) -> pd.DataFrame:
    """Probability and predicted label per sequence (plus the true label when known)."""
    probability = predict_probability(model, tensors)
    names = np.array([contract["label_mapping"]["negative"], contract["label_mapping"]["positive"]])
    scored = pd.DataFrame(
        {
            "sequence_id": tensors["ids"],
            "probability": probability,
            "predicted_label": names[(probability >= options.threshold).astype(int)],
        }
    )
    if (tensors["y"] >= 0).all():
        scored["true_label"] = names[tensors["y"].astype(int)]
    logger.info(
        "Scored %d sequences; %d predicted positive",
        len(scored),
        int((probability >= options.threshold).sum()),
    )
    return scored

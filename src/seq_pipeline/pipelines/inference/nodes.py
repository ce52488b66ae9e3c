"""Inference: score a new raw file with the stored model, reusing ingest and normalize.

Every choice that shaped the training tensors (features, length, truncation, missing
values, labels) comes from the model contract, so a file is prepared exactly as training
data was, whatever the parameters say now.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from seq_pipeline.columns import RESERVED
from seq_pipeline.contract import check_features
from seq_pipeline.pipelines.evaluate.nodes import EvaluateOptions
from seq_pipeline.pipelines.ingest.nodes import ColumnSpec, validate_sequences
from seq_pipeline.pipelines.normalize.nodes import NormalizeOptions, build_sequence_tensors

logger = logging.getLogger(__name__)


def validate_inference_sequences(
    raw: pd.DataFrame, columns: ColumnSpec, contract: dict[str, Any]
) -> tuple[pd.DataFrame, dict]:
    """Ingest's checks on a file to score: labels optional, features exactly as in training."""
    spec = ColumnSpec.model_validate(columns)
    array_format = raw.attrs.get("format") in ("npz", "ts")
    label = "label" if array_format else spec.label
    if label not in raw.columns:
        spec = spec.model_copy(update={"label": None})
    named = set(RESERVED) | {getattr(spec, k) for k in RESERVED if getattr(spec, k)}
    found = spec.feature_columns or [c for c in raw.columns if c not in named]
    check_features(found, contract, raw.attrs.get("source", "<raw input>"))
    spec = spec.model_copy(update={"feature_columns": contract["feature_names"]})
    return validate_sequences(raw, spec)


def build_inference_tensors(
    table: pd.DataFrame, contract: dict[str, Any], report: dict
) -> tuple[dict[str, np.ndarray], dict]:
    """Canonical tensors with the training length, truncation and missing-value policy."""
    options = NormalizeOptions(
        max_seqlen=contract["max_seqlen"],
        keep=contract["keep"],
        missing_values=contract["missing_values"],
        fill_value=contract["fill_value"],
    )
    return build_sequence_tensors(table, contract["label_mapping"], options, report)


def score_sequences(
    model: Any,
    tensors: dict[str, np.ndarray],
    contract: dict[str, Any],
    options: EvaluateOptions,
) -> pd.DataFrame:
    """Probability and predicted label per sequence (plus the true label when known)."""
    from seq_pipeline.models import model_inputs  # noqa: PLC0415 - imports Keras

    options = EvaluateOptions.model_validate(options)
    probability = model.predict(
        model_inputs(tensors["X"], tensors["mask"]), batch_size=1024, verbose=0
    ).ravel()
    names = np.array([contract["label_mapping"]["negative"], contract["label_mapping"]["positive"]])
    scored = pd.DataFrame(
        {
            "sequence_id": tensors["ids"],
            "probability": probability.astype(float),
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

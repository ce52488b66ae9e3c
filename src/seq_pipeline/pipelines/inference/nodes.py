"""Inference: score a new raw file with the stored model.

The file goes through the ingest and normalize stages' own nodes (reused as namespaced
pipelines); the column choice and the scored table come from `core.contract` and
`core.serving`, which the MLflow model (`seq_pipeline.serving`) runs too.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from seq_pipeline.core.contract import resolve_inference_columns
from seq_pipeline.core.scoring import EvaluateOptions
from seq_pipeline.core.serving import labelled_predictions
from seq_pipeline.training.predict import predict_probability

logger = logging.getLogger(__name__)

__all__ = ["resolve_inference_columns", "score_sequences"]


def score_sequences(
    model: Any,
    tensors: dict[str, np.ndarray],
    contract: dict[str, Any],
    options: EvaluateOptions,
) -> pd.DataFrame:
    """Probability and predicted label per sequence (plus the true label when known)."""
    options = EvaluateOptions.model_validate(options)
    probability = predict_probability(model, tensors)
    return labelled_predictions(tensors, probability, contract["label_mapping"], options.threshold)

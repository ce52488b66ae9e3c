"""Inference: score a new raw file with the stored model.

The file goes through the ingest and normalize stages' own nodes (reused as namespaced
pipelines); the column choice and the scored table come from `core.contract` and
`core.serving`, which the MLflow model (`seq_pipeline.serving`) runs too. The run ends with
a report: counts, metrics when the file has labels, and drift from the training data.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from seq_pipeline.core.contract import resolve_inference_columns
from seq_pipeline.core.scoring import EvaluateOptions
from seq_pipeline.core.serving import labelled_predictions
from seq_pipeline.pipelines.inference.options import InferenceOptions
from seq_pipeline.pipelines.inference.report import batch_metrics, drift_check, summary_lines
from seq_pipeline.training.predict import predict_probability

logger = logging.getLogger(__name__)

__all__ = ["report_inference", "resolve_inference_columns", "score_sequences"]

# The scored table's catalog entry (07_model_output/inference_predictions.parquet of the run).
PREDICTIONS = "inference_predictions"


def score_sequences(
    model: Any,
    tensors: dict[str, np.ndarray],
    contract: dict[str, Any],
    options: EvaluateOptions,
) -> pd.DataFrame:
    """Probability and predicted label per sequence (plus the true label when known)."""
    probability = predict_probability(model, tensors)
    return labelled_predictions(tensors, probability, contract["label_mapping"], options.threshold)


def report_inference(
    predictions: pd.DataFrame,
    tensors: dict[str, np.ndarray],
    training: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    evaluate_options: EvaluateOptions,
    options: InferenceOptions,
    run_id: str,
    seed: int,
) -> dict[str, Any]:
    """`inference_report.json`: how many, positive share, metrics if labelled, and drift."""
    options = InferenceOptions.model_validate(options)
    threshold = EvaluateOptions.model_validate(evaluate_options).threshold
    probability = predictions["probability"].to_numpy(float)
    positive = int((probability >= threshold).sum())
    report = {
        "run_id": run_id,
        "predictions": PREDICTIONS,
        "n_sequences": len(predictions),
        "n_predicted_positive": positive,
        "positive_share": positive / len(predictions) if len(predictions) else float("nan"),
        "threshold": threshold,
        "labelled": "true_label" in predictions,
        "metrics": batch_metrics(tensors["y"], probability, threshold, options, seed),
        "drift": drift_check(tensors, training, split["train"], options, seed),
    }
    logger.info("\n".join(summary_lines(report)))
    return report

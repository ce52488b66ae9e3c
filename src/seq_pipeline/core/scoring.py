"""Binary classification metrics, shared by the model's evaluation and the baselines, and the
permutation p-value shared by the permutation tests (diagnosis' chance test, audit's shift)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import ConfigDict, Field
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)

from seq_pipeline.core.parameters import Options


def permutation_p_value(observed: float, null: np.ndarray) -> float:
    """(k + 1) / (n + 1), k of the n permutation scores at least `observed` (Phipson & Smyth).

    The observed labelling counts as one permutation, so the p-value is never 0 and a test at
    level α keeps its size even with few permutations.
    """
    null = np.asarray(null, dtype=float)
    return float((1 + np.count_nonzero(null >= observed)) / (1 + null.size))


def score_binary(y_true: np.ndarray, probability: np.ndarray, threshold: float) -> dict:
    """Accuracy, balanced accuracy, ROC/PR AUC, F1 and the confusion matrix at `threshold`."""
    y_true = np.asarray(y_true).astype(int)
    probability = np.asarray(probability, dtype=float)
    y_pred = (probability >= threshold).astype(int)
    both_classes = len(np.unique(y_true)) == 2
    tn, fp, fn, tp = confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
    return {
        "n": len(y_true),
        "positive_rate": float(y_true.mean()) if len(y_true) else float("nan"),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "balanced_accuracy": float(balanced_accuracy_score(y_true, y_pred)),
        "roc_auc": float(roc_auc_score(y_true, probability)) if both_classes else None,
        "pr_auc": float(average_precision_score(y_true, probability)) if both_classes else None,
        "f1": float(f1_score(y_true, y_pred, zero_division=0)),
        "precision": float(precision_score(y_true, y_pred, zero_division=0)),
        "recall": float(recall_score(y_true, y_pred, zero_division=0)),
        "confusion_matrix": {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)},
    }


class EvaluateOptions(Options):
    """The decision threshold applied to predicted probabilities."""

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(default=0.5, ge=0, le=1)


def score_by_split(predictions: pd.DataFrame, threshold: float) -> dict:
    """`score_binary` for each named split of a table with `split`, `y_true`, `probability`."""
    scores: dict = {}
    for name, rows in predictions.groupby("split", sort=False):
        if name:
            scores[name] = score_binary(rows["y_true"], rows["probability"], threshold)
    return scores

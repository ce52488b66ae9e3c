"""Paired bootstrap intervals of balanced accuracy and accuracy, for any set of scorers.

The diagnosis compares the model with its baselines with them, `promote` compares a new model
with the champion on the same held-out rows, and inference reports a labelled batch's scores.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def balanced_accuracy(y: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """Balanced accuracy along the last axis (vectorised over bootstrap replicates)."""
    positives = y.sum(axis=-1)
    negatives = y.shape[-1] - positives
    tp = (y & pred).sum(axis=-1)
    tn = (~y & ~pred).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 0.5 * (tp / positives + tn / negatives)


def bootstrap_intervals(
    *,
    y_true: np.ndarray,
    predictions: dict[str, np.ndarray],
    threshold: float,
    n_boot: int,
    level: float,
    reference: str,
    seed: int,
) -> dict[str, dict[str, Any]]:
    """Percentile CIs of balanced accuracy and accuracy per scorer, and of each one's gap to
    `reference` (paired: every scorer is resampled on the same rows)."""
    y = np.asarray(y_true).astype(bool)
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(y), size=(n_boot, len(y)))
    tail = 100 * (1 - level) / 2
    y_boot = y[rows]
    ba_boot = {}
    out: dict[str, dict[str, Any]] = {}
    for name, probability in predictions.items():
        pred = np.asarray(probability) >= threshold
        ba_boot[name] = balanced_accuracy(y_boot, pred[rows])
        acc = (y_boot == pred[rows]).mean(axis=1)
        out[name] = {
            "balanced_accuracy": float(balanced_accuracy(y, pred)),
            "balanced_accuracy_ci": _percentiles(ba_boot[name], tail),
            "accuracy": float((y == pred).mean()),
            "accuracy_ci": _percentiles(acc, tail),
        }
    if reference in ba_boot:
        for name, scores in out.items():
            if name != reference:
                gap = ba_boot[name] - ba_boot[reference]
                scores[f"gap_to_{reference}_ci"] = _percentiles(gap, tail)
    return out


def _percentiles(values: np.ndarray, tail: float) -> list[float]:
    low, high = np.nanpercentile(values, [tail, 100 - tail])
    return [float(low), float(high)]

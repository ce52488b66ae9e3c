"""Chance level with error bars: bootstrap intervals and a label-permutation null.

Balanced accuracy is the headline because its chance level is 0.5 whatever the class balance.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from seq_pipeline.core.scoring import permutation_p_value


def _balanced_accuracy(y: np.ndarray, pred: np.ndarray) -> np.ndarray:
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
        ba_boot[name] = _balanced_accuracy(y_boot, pred[rows])
        acc = (y_boot == pred[rows]).mean(axis=1)
        out[name] = {
            "balanced_accuracy": float(_balanced_accuracy(y, pred)),
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


def permutation_null(
    *,
    train_features: np.ndarray,
    y_train: np.ndarray,
    test_features: np.ndarray,
    y_test: np.ndarray,
    n_permutations: int,
    ridge: float,
    seed: int,
) -> dict[str, Any]:
    """Label-permutation test of a ridge classifier, refitted on shuffled training labels.

    The ridge fit is closed-form, so the true labels and every permutation are solved in one
    linear system; each column is thresholded midway between its two class means (equal
    priors, so balanced accuracy's chance level 0.5 applies). The p-value counts the observed
    fit as one permutation, so it is never 0.
    """
    rng = np.random.default_rng(seed)
    y_train = np.asarray(y_train).astype(bool)
    labels = np.column_stack([y_train] + [rng.permutation(y_train) for _ in range(n_permutations)])
    x_train = np.column_stack([train_features, np.ones(len(train_features))])
    x_test = np.column_stack([test_features, np.ones(len(test_features))])
    gram = x_train.T @ x_train + ridge * np.eye(x_train.shape[1])
    weights = np.linalg.solve(gram, x_train.T @ np.where(labels, 1.0, -1.0))
    fitted = x_train @ weights
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = 0.5 * (
            (fitted * labels).sum(0) / labels.sum(0) + (fitted * ~labels).sum(0) / (~labels).sum(0)
        )
    predicted = (x_test @ weights > centre).T
    scores = _balanced_accuracy(np.asarray(y_test).astype(bool)[None, :], predicted)
    observed, null = float(scores[0]), scores[1:]
    p_value = permutation_p_value(observed, null)
    return {
        "scorer": "ridge_flat",
        "observed_balanced_accuracy": observed,
        "null_mean": float(np.mean(null)),
        "null_95th_percentile": float(np.percentile(null, 95)),
        "n_permutations": n_permutations,
        "p_value": float(p_value),
        "null": [round(float(v), 4) for v in null],
    }


def sequences_needed(effect: float, alpha: float, power: float, positive_share: float) -> int:
    """Test sequences needed to tell a balanced accuracy of `effect` from chance (0.5).

    One-sided test of a proportion against p0 = 0.5 at level `alpha`, normal approximation:
        n = [(z(1−α)·√(p0(1−p0)) + z(power)·√(p(1−p))) / (p − p0)]² / (4π(1−π))
    where p = `effect` and π = the positive share: balanced accuracy averages the two
    per-class accuracies, so its variance is p(1−p)/(4π(1−π)n), which is p(1−p)/n when
    balanced. `effect` must be above 0.5.
    """
    from scipy.stats import norm  # noqa: PLC0415

    if not 0.5 < effect <= 1:
        raise ValueError(f"effect must lie in (0.5, 1], got {effect}")
    p0 = 0.5
    spread = norm.ppf(1 - alpha) * np.sqrt(p0 * (1 - p0))
    spread += norm.ppf(power) * np.sqrt(effect * (1 - effect))
    share = min(max(positive_share, 1e-3), 1 - 1e-3)
    return int(np.ceil((spread / (effect - p0)) ** 2 / (4 * share * (1 - share))))

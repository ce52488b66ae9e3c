"""Baselines fitted on the model's own split and scaling: what a model *should* at least reach.

All inputs are standardized with the model's `scaler` (fitted on training rows only), so a
baseline never sees statistics the model did not have.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from seq_pipeline.pipelines.diagnose.checks import flat_standardized
from seq_pipeline.pipelines.train.nodes import class_weights

SUMMARY_STATS = ("mean", "std", "min", "max", "slope", "diff_mean", "diff_std", "diff_absmax")


def standardized(sequences: dict[str, np.ndarray], scaler: dict[str, Any]) -> np.ndarray:
    """(N, T, F) values scaled by the training statistics; NaN at missing and padded steps."""
    mean = np.asarray(scaler["mean"], dtype="float64")
    std = np.asarray(scaler["std"], dtype="float64")
    z = (sequences["X"].astype("float64") - mean) / std
    return np.where(sequences["mask"][..., None], z, np.nan)


def flat_features(sequences: dict[str, np.ndarray], scaler: dict[str, Any]) -> np.ndarray:
    """The flattened standardized sequence plus its mask (missing/padded values → 0)."""
    mean = np.asarray(scaler["mean"], dtype="float64")
    std = np.asarray(scaler["std"], dtype="float64")
    flat = flat_standardized(sequences["X"], sequences["mask"], mean, std)
    return np.concatenate([flat, sequences["mask"].astype("float64")], axis=1)


def summary_features(z: np.ndarray) -> np.ndarray:
    """Per-sequence, per-feature mean, std, min, max, slope and first-difference stats."""
    import warnings  # noqa: PLC0415

    steps = np.arange(z.shape[1], dtype="float64")[None, :, None]
    valid = np.isfinite(z)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(z, axis=1)
        t = np.where(valid, steps, np.nan)
        t_c = t - np.nanmean(t, axis=1, keepdims=True)
        slope = np.nansum(t_c * (z - mean[:, None, :]), axis=1) / np.nansum(t_c**2, axis=1)
        diff = np.diff(z, axis=1)
        stats = [
            mean,
            np.nanstd(z, axis=1),
            np.nanmin(z, axis=1),
            np.nanmax(z, axis=1),
            slope,
            np.nanmean(diff, axis=1),
            np.nanstd(diff, axis=1),
            np.nanmax(np.abs(diff), axis=1),
        ]
    length = valid.any(axis=2).sum(axis=1, keepdims=True).astype("float64")
    return np.concatenate([*stats, length], axis=1)


def logistic_model(weights: dict[int, float] | None, seed: int):
    """L2 logistic regression: the cheap linear baseline (also refitted by the permutation test)."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    return LogisticRegression(C=1.0, max_iter=300, class_weight=weights, random_state=seed)


def _fit_majority(features, y, train, weights, seed) -> np.ndarray:
    """Constant probability: the training positive rate."""
    return np.full(len(y), float(y[train].mean()))


def _fit_logistic(features, y, train, weights, seed) -> np.ndarray:
    model = logistic_model(weights, seed).fit(features["flat"][train], y[train])
    return model.predict_proba(features["flat"])[:, 1]


def _fit_summary_gbm(features, y, train, weights, seed) -> np.ndarray:
    from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: PLC0415

    model = HistGradientBoostingClassifier(
        max_iter=150, learning_rate=0.1, class_weight=weights, random_state=seed
    )
    model.fit(features["summary"][train], y[train])
    return model.predict_proba(features["summary"])[:, 1]


def _fit_minirocket(features, y, train, weights, seed) -> np.ndarray:
    from aeon.transformations.collection.convolution_based import MiniRocket  # noqa: PLC0415
    from sklearn.linear_model import RidgeClassifierCV  # noqa: PLC0415

    panel = np.nan_to_num(features["z"]).transpose(0, 2, 1)  # aeon wants (N, channels, T)
    transform = MiniRocket(random_state=seed).fit(panel[train])
    encoded = transform.transform(panel)
    ridge = RidgeClassifierCV(alphas=np.logspace(-3, 3, 10), class_weight=weights)
    ridge.fit(encoded[train], y[train])
    return 1.0 / (1.0 + np.exp(-2.0 * ridge.decision_function(encoded)))


FITTERS: dict[str, Callable[..., np.ndarray]] = {
    "majority": _fit_majority,
    "logistic_flat": _fit_logistic,
    "summary_gbm": _fit_summary_gbm,
    "minirocket": _fit_minirocket,
}


def baseline_probabilities(
    sequences: dict[str, np.ndarray],
    train: np.ndarray,
    scaler: dict[str, Any],
    names: list[str],
    seed: int,
) -> dict[str, np.ndarray]:
    """Fit each named baseline on `train` rows; return its probability for every sequence."""
    z = standardized(sequences, scaler)
    features = {"z": z, "flat": flat_features(sequences, scaler), "summary": summary_features(z)}
    y = sequences["y"].astype(int)
    weights = class_weights(y[train], "auto")
    return {name: FITTERS[name](features, y, train, weights, seed) for name in names}

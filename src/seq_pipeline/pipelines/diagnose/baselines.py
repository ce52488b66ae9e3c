"""Baselines fitted on the model's own split and scaling: what a model *should* at least reach.

All inputs are standardized with the model's `scaler` (fitted on training rows only), so a
baseline never sees statistics the model did not have.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from seq_pipeline.core.preprocessing import (
    class_weights,
    flat_features,
    scaler_standardize,
    summary_features,
)


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
    z = scaler_standardize(sequences, scaler)
    features = {
        "z": z,
        "flat": flat_features(z, sequences["mask"]),
        "summary": summary_features(z),
    }
    y = sequences["y"].astype(int)
    weights = class_weights(y[train], "auto")
    return {name: FITTERS[name](features, y, train, weights, seed) for name in names}

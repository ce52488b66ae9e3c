"""A linear head fitted in closed form: ridge regression on ±1 targets, then Platt scaling.

MiniRocket's reference classifier is a ridge classifier with its penalty chosen by efficient
leave-one-out cross-validation over 10 values from 1e-3 to 1e3 (Dempster et al. 2021;
aeon's `MiniRocketClassifier`). A ridge score is not a probability, and the project's
contract, metrics and diagnosis read probabilities, so the score is mapped through a
sigmoid fitted on the *leave-one-out* scores (Platt 1999): scores of rows the ridge did not
see, so a head that separates its training rows perfectly is not taken at its word.

No Keras: the caller writes the result into its standardisation and Dense layers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ALPHAS = np.logspace(-3, 3, 10)


@dataclass(frozen=True)
class LinearHead:
    """probability = sigmoid(kernel · (features − mean) / sqrt(variance + epsilon) + bias)."""

    mean: np.ndarray
    variance: np.ndarray
    kernel: np.ndarray
    bias: float
    alpha: float
    platt_slope: float


def fit_ridge_head(
    features: np.ndarray,
    y: np.ndarray,
    epsilon: float,
    class_weight: dict[int, float] | None = None,
    alphas: np.ndarray = ALPHAS,
) -> LinearHead:
    """Standardise, fit ridge on ±1 targets (penalty by leave-one-out), calibrate on the
    leave-one-out scores with class weights (so an imbalanced set keeps its minority)."""
    from sklearn.linear_model import LogisticRegression, RidgeCV  # noqa: PLC0415

    y = np.asarray(y).astype(int)
    if len(np.unique(y)) < 2:
        raise ValueError("A closed-form head needs training rows of both classes")
    features = np.asarray(features, dtype="float64")
    mean, variance = features.mean(axis=0), features.var(axis=0)
    z = (features - mean) / np.sqrt(variance + epsilon)
    # With a scorer, cv_results_ holds (n, n_alphas) leave-one-out *predictions* (without
    # one, squared errors); mean squared error chooses the penalty as the default does.
    ridge = RidgeCV(alphas=alphas, store_cv_results=True, scoring="neg_mean_squared_error")
    ridge.fit(z, 2.0 * y - 1.0)
    loo = ridge.cv_results_[:, int(np.flatnonzero(alphas == ridge.alpha_)[0])]
    weights = None if class_weight is None else np.array([class_weight[int(c)] for c in y])
    platt = LogisticRegression().fit(loo[:, None], y, sample_weight=weights)
    slope, shift = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    return LinearHead(
        mean=mean.astype("float32"),
        variance=variance.astype("float32"),
        kernel=(slope * ridge.coef_).astype("float32"),
        bias=slope * float(ridge.intercept_) + shift,
        alpha=float(ridge.alpha_),
        platt_slope=slope,
    )

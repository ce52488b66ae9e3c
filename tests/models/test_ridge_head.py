"""The closed-form head: ridge on ±1 targets with a leave-one-out penalty, Platt-calibrated."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.models.ridge_head import ALPHAS, fit_ridge_head
from tests.models.head_math import head_probability


def _features(n=60, p=30, seed=0, shift=2.5):
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 2).astype(int)
    features = rng.normal(size=(n, p))
    features[:, 0] += shift * (2 * y - 1)
    return features, y


def test_separates_the_classes_and_picks_a_penalty_from_the_grid():
    features, y = _features()
    head = fit_ridge_head(features, y, epsilon=1e-3)
    test, y_test = _features(seed=1)
    p = head_probability(head, test, 1e-3)
    assert np.mean((p >= 0.5) == y_test) >= 0.85
    assert head.alpha in ALPHAS
    assert head.platt_slope > 0  # a higher ridge score means the positive class


def test_standardises_with_the_training_statistics():
    features, y = _features()
    head = fit_ridge_head(features * 10 + 5, y, epsilon=1e-3)
    np.testing.assert_allclose(head.mean, (features * 10 + 5).mean(axis=0), rtol=1e-5)
    np.testing.assert_allclose(head.variance, (features * 10 + 5).var(axis=0), rtol=1e-5)
    # The same head on rescaled inputs: scaling is undone by the standardisation.
    plain = fit_ridge_head(features, y, epsilon=0.0)
    scaled = fit_ridge_head(features * 10 + 5, y, epsilon=0.0)
    np.testing.assert_allclose(
        head_probability(plain, features, 0.0),
        head_probability(scaled, features * 10 + 5, 0.0),
        atol=1e-5,
    )


def test_probabilities_come_from_leave_one_out_scores_so_they_are_not_saturated():
    # 20 rows, 200 features: ridge fits its training rows almost exactly; calibrated on the
    # training scores the sigmoid would be near-vertical, on leave-one-out scores it is not.
    features, y = _features(n=20, p=200, shift=0.8)
    p = head_probability(fit_ridge_head(features, y, epsilon=1e-3), features, 1e-3)
    assert p.max() < 0.99 and p.min() > 0.01


def test_class_weights_move_the_threshold_towards_the_minority():
    features, y = _features(n=80, shift=0.6)
    y = np.where(np.arange(80) < 60, 0, y)  # 10 positives of 80
    plain = fit_ridge_head(features, y, epsilon=1e-3)
    weighted = fit_ridge_head(features, y, epsilon=1e-3, class_weight={0: 0.57, 1: 4.0})
    assert weighted.bias > plain.bias
    assert (head_probability(weighted, features, 1e-3) >= 0.5).sum() > (
        head_probability(plain, features, 1e-3) >= 0.5
    ).sum()


def test_one_class_is_refused():
    features, _ = _features()
    with pytest.raises(ValueError, match="both classes"):
        fit_ridge_head(features, np.zeros(len(features), dtype=int), epsilon=1e-3)

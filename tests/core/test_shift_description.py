"""How a moved feature is described: offset and scale at their naming limits, shape, length."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from seq_pipeline.core import shift
from seq_pipeline.core.shift import OFFSET_NAMED, SCALE_NAMED, _describe_features


def _z(*values):
    """(N, 1, 1) values of one feature."""
    return np.array(values, dtype=float).reshape(-1, 1, 1)


def test_offset_and_scale_are_test_minus_train_and_test_over_train():
    moved = _describe_features(["a"], _z(0.0, 1.0), _z(1.25, 1.75), {"a:mean"})
    assert moved["a"]["offset"] == 1.0
    assert moved["a"]["scale"] == 0.5
    assert moved["a"]["how"] == "offset +1.00 std; scale ×0.50"
    assert moved["a"]["stats"] == ["mean"]


def test_an_offset_exactly_at_the_limit_is_named():
    moved = _describe_features(["a"], _z(0.0), _z(OFFSET_NAMED), {"a:mean"})
    assert moved["a"]["how"] == "offset +0.20 std"


def test_a_scale_change_exactly_at_either_limit_is_named():
    train, test = _z(-1.0, 1.0), _z(-SCALE_NAMED, SCALE_NAMED)
    assert np.nanstd(test) / np.nanstd(train) == SCALE_NAMED  # the limit, hit exactly
    assert _describe_features(["a"], train, test, {"a:std"})["a"]["how"] == "scale ×1.20"
    train, test = _z(-1.0, 1.0), _z(-1 / SCALE_NAMED, 1 / SCALE_NAMED)
    assert np.nanstd(test) / np.nanstd(train) == 1 / SCALE_NAMED
    assert _describe_features(["a"], train, test, {"a:std"})["a"]["how"] == "scale ×0.83"


def test_a_move_of_neither_offset_nor_scale_is_a_change_of_shape():
    moved = _describe_features(["a"], _z(-1.0, 1.0), _z(1.0, -1.0), {"a:slope", "a:max"})
    assert moved["a"]["how"] == "shape (max, slope)"


def test_only_features_with_a_significant_summary_are_described_whatever_their_order():
    z = np.zeros((2, 1, 2))
    moved = _describe_features(["a", "b"], z, z + 1.0, {"b:mean"})
    assert list(moved) == ["b"]


def test_length_is_described_on_its_own():
    z = _z(0.0)
    assert _describe_features(["a"], z, z, {"length"}) == {
        "length": {"offset": None, "scale": None, "stats": [], "how": "sequence length"}
    }


def test_a_side_without_values_gives_no_numbers_and_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        moved = _describe_features(["a"], _z(0.0, 1.0), _z(np.nan), {"a:mean"})
    assert np.isnan(moved["a"]["offset"]) and np.isnan(moved["a"]["scale"])


def _summaries(rng, n, shift_by=0.0):
    # One informative summary on a tiny scale, one pure-noise summary on a huge one.
    return np.column_stack([rng.normal(shift_by, 1e-3, n), rng.normal(0, 1e6, n)])


def test_the_domain_classifier_standardizes_each_summary_before_the_ridge(monkeypatch):
    rng = np.random.default_rng(0)
    train, test = _summaries(rng, 60), _summaries(rng, 60, shift_by=3e-3)
    seen = {}

    def spy(observed, null):
        seen["null"] = null
        return 0.01

    monkeypatch.setattr(shift, "permutation_p_value", spy)
    out = shift.domain_classifier(train, test, 19, np.random.default_rng(1))
    # Standardized, the tiny-scale summary separates the sides; unscaled, the ridge would
    # shrink it to nothing and fit the noise.
    assert out["roc_auc"] > 0.9
    assert out["null_95th_percentile"] == float(np.percentile(seen["null"], 95))
    assert out["p_value"] == 0.01 and out["n_permutations"] == 19
    assert out["model"] == "ridge on per-sequence summaries, 5-fold out-of-fold scores"


def test_out_of_fold_scores_of_identical_sides_stay_near_chance():
    rng = np.random.default_rng(2)
    train, test = rng.normal(size=(40, 30)), rng.normal(size=(40, 30))
    # In-sample scores of 30 noise columns would separate the sides well above 0.5.
    assert shift.domain_classifier(train, test, 9, np.random.default_rng(3))["roc_auc"] < 0.65


def _two_sides(seed, means, stds, sizes):
    rng = np.random.default_rng(seed)
    means, stds = np.asarray(means, float), np.asarray(stds, float)
    shifted = means + np.r_[0.5, np.zeros(len(means) - 1)] * stds
    return rng.normal(means, stds, (sizes[0], len(means))), rng.normal(
        shifted, stds, (sizes[1], len(means))
    )


@pytest.mark.parametrize(
    ("sides", "seed"),
    [
        (_two_sides(5, [0.0, 0.0, 0.0], [1.0, 5.0, 0.1], (30, 25)), 7),
        # Few sequences and a summary far from zero: centring and the ±1 coding both matter.
        (_two_sides(2, [1000.0, 0.0, 0.0], [1.0, 1.0, 1.0], (9, 7)), 2),
    ],
)
def test_the_domain_auc_is_an_out_of_fold_ridge_on_standardized_summaries(sides, seed):
    """An independent reference: scikit-learn's ridge (alpha 1, the intercept a penalized
    column like any other) on the same folds, its held-out scores ranked into an AUC."""
    from scipy.stats import rankdata
    from sklearn.linear_model import Ridge
    from sklearn.metrics import roc_auc_score

    train, test = sides
    out = shift.domain_classifier(train, test, 1, np.random.default_rng(seed))

    features = np.vstack([train, test])
    features = (features - features.mean(axis=0)) / features.std(axis=0)
    features = np.column_stack([features, np.ones(len(features))])
    domain = np.r_[np.zeros(len(train), bool), np.ones(len(test), bool)]
    reference = np.random.default_rng(seed)
    reference.permutation(domain)  # the one permutation of the null, drawn first
    folds = reference.permutation(len(domain)) % shift.N_FOLDS
    scores = np.empty(len(domain))
    for k in range(shift.N_FOLDS):
        fit = folds != k
        ridge = Ridge(alpha=1.0, fit_intercept=False)
        ridge.fit(features[fit], np.where(domain[fit], 1.0, -1.0))
        scores[~fit] = ridge.predict(features[~fit])
    assert out["roc_auc"] == pytest.approx(roc_auc_score(domain, rankdata(scores)), abs=1e-12)

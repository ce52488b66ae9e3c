"""Unit tests of the chance-level tools: bootstrap intervals and the permutation null."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import balanced_accuracy_score

from seq_pipeline.pipelines.diagnose.chance import bootstrap_intervals, permutation_null


def test_bootstrap_intervals_cover_truth_and_pair_the_gap():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    perfect = y.astype(float)
    coin = rng.random(400)
    out = bootstrap_intervals(
        y_true=y,
        predictions={"model": coin, "oracle": perfect},
        threshold=0.5,
        n_boot=500,
        level=0.95,
        reference="model",
        seed=0,
    )
    assert out["oracle"]["balanced_accuracy_ci"] == [1.0, 1.0]
    low, high = out["model"]["balanced_accuracy_ci"]
    assert low < 0.5 < high
    assert out["oracle"]["gap_to_model_ci"][0] > 0.35
    assert "gap_to_model_ci" not in out["model"]


def test_permutation_null_separates_signal_from_noise():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((500, 6))
    y_signal = (x[:, 0] + 0.5 * rng.standard_normal(500) > 0).astype(int)
    y_noise = rng.integers(0, 2, 500)
    kwargs = {"n_permutations": 99, "ridge": 1.0, "seed": 0}
    signal = permutation_null(
        train_features=x[:400],
        y_train=y_signal[:400],
        test_features=x[400:],
        y_test=y_signal[400:],
        **kwargs,
    )
    noise = permutation_null(
        train_features=x[:400],
        y_train=y_noise[:400],
        test_features=x[400:],
        y_test=y_noise[400:],
        **kwargs,
    )
    assert signal["p_value"] == 0.01
    assert signal["observed_balanced_accuracy"] > 0.8
    assert abs(signal["null_mean"] - 0.5) < 0.03
    assert noise["p_value"] > 0.05
    assert len(noise["null"]) == 99


def test_bootstrap_intervals_match_a_plain_percentile_bootstrap():
    # A slow, obvious reference: resample rows with the same generator, score each replicate
    # with scikit-learn, take the percentiles of the requested level.
    rng = np.random.default_rng(5)
    y = rng.integers(0, 2, 60)
    model = np.clip(y * 0.3 + rng.random(60) * 0.7, 0, 1)
    other = rng.random(60)
    n_boot, level, threshold = 50, 0.8, 0.4
    model[:6] = threshold  # at the threshold counts as positive
    out = bootstrap_intervals(
        y_true=y,
        predictions={"model": model, "other": other},
        threshold=threshold,
        n_boot=n_boot,
        level=level,
        reference="model",
        seed=9,
    )
    rows = np.random.default_rng(9).integers(0, 60, size=(n_boot, 60))
    tails = [10.0, 90.0]

    def replicate_scores(p):
        pred = (p >= threshold).astype(int)
        ba = np.array([balanced_accuracy_score(y[r], pred[r]) for r in rows])
        acc = np.array([np.mean(y[r] == pred[r]) for r in rows])
        return ba, acc

    ba = {}
    for name, p in (("model", model), ("other", other)):
        ba[name], acc = replicate_scores(p)
        pred = (p >= threshold).astype(int)
        assert out[name]["balanced_accuracy"] == pytest.approx(balanced_accuracy_score(y, pred))
        assert out[name]["accuracy"] == pytest.approx(np.mean(y == pred))
        assert out[name]["balanced_accuracy_ci"] == pytest.approx(np.percentile(ba[name], tails))
        assert out[name]["accuracy_ci"] == pytest.approx(np.percentile(acc, tails))
    gap = np.percentile(ba["other"] - ba["model"], tails)
    assert out["other"]["gap_to_model_ci"] == pytest.approx(gap)
    assert set(out["model"]) == {
        "balanced_accuracy",
        "balanced_accuracy_ci",
        "accuracy",
        "accuracy_ci",
    }


def test_no_gap_without_the_reference_scorer():
    y = np.array([0, 1, 0, 1])
    out = bootstrap_intervals(
        y_true=y,
        predictions={"a": y * 1.0},
        threshold=0.5,
        n_boot=10,
        level=0.9,
        reference="model",
        seed=0,
    )
    assert "gap_to_model_ci" not in out["a"]


def reference_ridge_score(x_train, y_train, x_test, y_test, ridge):
    """Balanced accuracy of a ridge fit (intercept penalised too) thresholded midway."""
    a = np.column_stack([x_train, np.ones(len(x_train))])
    w = np.linalg.solve(a.T @ a + ridge * np.eye(a.shape[1]), a.T @ np.where(y_train, 1.0, -1.0))
    fitted = a @ w
    centre = 0.5 * (fitted[y_train].mean() + fitted[~y_train].mean())
    pred = np.column_stack([x_test, np.ones(len(x_test))]) @ w > centre
    return balanced_accuracy_score(y_test, pred)


def test_permutation_null_matches_a_plain_loop_over_shuffles():
    rng = np.random.default_rng(5)  # a case with shuffles both above and tied with observed
    x = rng.standard_normal((80, 3))
    y = (x[:, 0] + rng.standard_normal(80) > 0.3).astype(int)
    out = permutation_null(
        train_features=x[:60],
        y_train=y[:60],
        test_features=x[60:],
        y_test=y[60:],
        n_permutations=19,
        ridge=2.0,
        seed=8,
    )
    y_train, y_test = y[:60].astype(bool), y[60:].astype(bool)
    shuffles = np.random.default_rng(8)
    null = np.array(
        [
            reference_ridge_score(x[:60], shuffles.permutation(y_train), x[60:], y_test, 2.0)
            for _ in range(19)
        ]
    )
    observed = reference_ridge_score(x[:60], y_train, x[60:], y_test, 2.0)
    assert out["scorer"] == "ridge_flat"
    assert out["n_permutations"] == 19
    assert out["observed_balanced_accuracy"] == pytest.approx(observed)
    assert out["null"] == pytest.approx(np.round(null, 4), abs=1e-12)
    assert out["null_mean"] == pytest.approx(null.mean())
    assert out["null_95th_percentile"] == pytest.approx(np.percentile(null, 95))
    assert out["p_value"] == pytest.approx((1 + np.sum(null >= observed)) / 20)
    assert np.sum(null > observed) > 0 and np.any(np.isclose(null, observed))  # ties count

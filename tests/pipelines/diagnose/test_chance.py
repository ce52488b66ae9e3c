"""Unit tests of the chance-level tools: bootstrap intervals and the permutation null."""

from __future__ import annotations

import numpy as np

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

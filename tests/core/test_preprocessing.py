"""Scaling statistics, the standardized views and class weights, on hand-computed numbers."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.core.preprocessing import (
    IMBALANCE_SHARE,
    class_weights,
    fit_scaling_stats,
    flat_features,
    scaler_standardize,
    standardize,
    stream_scaling_stats,
    summary_features,
)


def tensors() -> dict[str, np.ndarray]:
    """Three sequences × 3 steps × 2 features; sequence 2 is held out and extreme."""
    x = np.array(
        [
            [[1.0, 10.0], [3.0, np.nan], [99.0, 99.0]],  # last step padded
            [[5.0, 30.0], [7.0, 50.0], [9.0, 70.0]],
            [[1e6, -1e6], [1e6, -1e6], [1e6, -1e6]],
        ]
    )
    mask = np.array([[True, True, False], [True, True, True], [True, True, True]])
    return {"X": x, "mask": mask}


def test_scaling_stats_use_only_the_given_rows_and_real_steps():
    stats = fit_scaling_stats(tensors(), np.array([0, 1]))
    # Feature a: 1, 3, 5, 7, 9; feature b: 10, 30, 50, 70 (NaN and padding skipped).
    np.testing.assert_allclose(stats["mean"], [5.0, 40.0])
    np.testing.assert_allclose(stats["std"], [np.std([1, 3, 5, 7, 9]), np.std([10, 30, 50, 70])])
    assert stats["n_steps"] == 5


def test_scaling_stats_of_constant_missing_or_no_rows_are_harmless():
    x = np.array([[[2.0, np.nan], [2.0, np.nan]]])
    stats = fit_scaling_stats({"X": x, "mask": np.ones((1, 2), bool)}, np.array([0]))
    np.testing.assert_array_equal(stats["mean"], [2.0, 0.0])  # never observed → 0
    np.testing.assert_array_equal(stats["std"], [1.0, 1.0])  # constant / unseen → 1
    empty = fit_scaling_stats(tensors(), np.array([], dtype=int))
    np.testing.assert_array_equal(empty["mean"], [0.0, 0.0])
    np.testing.assert_array_equal(empty["std"], [1.0, 1.0])
    assert empty["n_steps"] == 0


def test_standardize_scales_and_fills_missing_and_padded_steps():
    t = tensors()
    z = standardize(t["X"], t["mask"], [1.0, 10.0], [2.0, 20.0], fill=-7.0)
    np.testing.assert_array_equal(z[0], [[0.0, 0.0], [1.0, -7.0], [-7.0, -7.0]])
    np.testing.assert_array_equal(z[1, 0], [2.0, 1.0])
    assert np.isnan(standardize(t["X"], t["mask"], 0.0, 1.0)[0, 2]).all()  # NaN by default


def test_scaler_standardize_uses_the_stored_scaler():
    t = tensors()
    z = scaler_standardize(t, {"mean": [1.0, 10.0], "std": [2.0, 20.0]})
    np.testing.assert_array_equal(z[1, 2], [4.0, 3.0])
    assert np.isnan(z[0, 1, 1]) and np.isnan(z[0, 2]).all()


def test_flat_features_zero_fill_gaps_and_append_the_mask():
    t = tensors()
    z = scaler_standardize(t, {"mean": [1.0, 10.0], "std": [2.0, 20.0]})
    flat = flat_features(z, t["mask"])
    assert flat.shape == (3, 3 * 2 + 3)
    np.testing.assert_array_equal(flat[0], [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0])


@pytest.mark.parametrize(
    ("n_positive", "mode", "expected"),
    [
        (40, "auto", None),  # share exactly at the threshold: balanced enough
        (39, "auto", {0: 100 / 122, 1: 100 / 78}),
        (39, "none", None),
        (50, "balanced", {0: 1.0, 1: 1.0}),
        (10, "balanced", {0: 100 / 180, 1: 100 / 20}),
    ],
)
def test_class_weights_switch_on_below_the_imbalance_share(n_positive, mode, expected):
    assert IMBALANCE_SHARE == 0.4
    y = np.array([1] * n_positive + [0] * (100 - n_positive))
    weights = class_weights(y, mode)
    assert weights == (None if expected is None else pytest.approx(expected))


def test_streamed_statistics_need_at_least_one_chunk():
    with pytest.raises(ValueError, match=r"^No chunks to fit scaling statistics on$"):
        stream_scaling_stats(iter(()))


def test_small_stds_are_kept_and_only_zero_or_missing_ones_become_one():
    x = np.array([[[0.0, 1.0], [0.5, 1.0], [1.0, 1.0]]])
    stats = fit_scaling_stats({"X": x, "mask": np.ones((1, 3), bool)}, np.array([0]))
    np.testing.assert_allclose(stats["std"], [np.std([0.0, 0.5, 1.0]), 1.0])


def test_summary_features_per_sequence_with_different_lengths():
    z = np.full((2, 5, 2), np.nan)
    z[0, :4, 0] = [0.0, 2.0, 4.0, 6.0]  # ramp, slope 2, one padded step
    z[0, :4, 1] = 1.0
    z[1, :, 0] = [5.0, 4.0, 3.0, 2.0, 1.0]  # slope -1
    z[1, :, 1] = [0.0, 1.0, 0.0, 1.0, 0.0]  # no trend
    features = summary_features(z)
    assert features.shape == (2, 8 * 2 + 1)  # eight statistics per feature, then the length
    mean, std, low, high, slope, d_mean, d_std, d_max = (
        features[:, :16].reshape(2, 8, 2).transpose(1, 0, 2)
    )
    length = features[:, 16]
    np.testing.assert_allclose(slope, [[2.0, 0.0], [-1.0, 0.0]], atol=1e-12)
    np.testing.assert_allclose(mean, [[3.0, 1.0], [3.0, 0.4]])
    np.testing.assert_allclose(d_mean, [[2.0, 0.0], [-1.0, 0.0]])
    np.testing.assert_allclose(d_max, [[2.0, 0.0], [1.0, 1.0]])
    np.testing.assert_allclose(length, [4.0, 5.0])
    np.testing.assert_allclose(low, [[0.0, 1.0], [1.0, 0.0]])
    np.testing.assert_allclose(high, [[6.0, 1.0], [5.0, 1.0]])
    np.testing.assert_allclose(d_std, [[0.0, 0.0], [0.0, 1.0]])
    np.testing.assert_allclose(std[1], [np.std([5, 4, 3, 2, 1]), np.std([0, 1, 0, 1, 0])])
    assert features.dtype == np.float64


def _random_tensors(seed: int = 3) -> dict[str, np.ndarray]:
    """Offset, unequal-scale features; NaN gaps, padding, a constant and an all-NaN feature."""
    rng = np.random.default_rng(seed)
    x = rng.normal([1e3, -2.0, 7.0, 0.0], [50.0, 1e-3, 1.0, 1.0], (300, 9, 4)).astype("float32")
    x[..., 2] = 7.0
    x[..., 3] = np.nan
    x[rng.random(x.shape) < 0.1] = np.nan
    mask = rng.random((300, 9)) < 0.8
    return {"X": x, "mask": mask}


@pytest.mark.parametrize("n_chunks", [1, 2, 7, 40])
def test_streamed_statistics_equal_the_in_memory_ones(n_chunks):
    data = _random_tensors()
    rows = np.sort(np.random.default_rng(0).choice(300, 200, replace=False))
    expected = fit_scaling_stats(data, rows)
    chunks = [(data["X"][r], data["mask"][r]) for r in np.array_split(rows, n_chunks)]
    streamed = stream_scaling_stats(chunks)
    np.testing.assert_allclose(streamed["mean"], expected["mean"], rtol=1e-9)
    np.testing.assert_allclose(streamed["std"], expected["std"], rtol=1e-9)
    assert streamed["n_steps"] == expected["n_steps"]
    assert streamed["std"][2:].tolist() == [1.0, 1.0]  # constant and never observed
    assert streamed["mean"][3] == 0.0


def test_streamed_statistics_skip_chunks_with_nothing_observed():
    data = tensors()
    empty = (data["X"][:1], np.zeros((1, 3), dtype=bool))  # every step padded
    streamed = stream_scaling_stats([empty, (data["X"][:2], data["mask"][:2]), empty])
    expected = fit_scaling_stats(data, np.array([0, 1]))
    np.testing.assert_allclose(streamed["mean"], expected["mean"], rtol=1e-12)
    np.testing.assert_allclose(streamed["std"], expected["std"], rtol=1e-12)
    with pytest.raises(ValueError, match="No chunks"):
        stream_scaling_stats([])

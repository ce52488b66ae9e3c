"""Paired bootstrap intervals: exact values on rows small enough to check by hand."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.core.intervals import balanced_accuracy, bootstrap_intervals


def test_balanced_accuracy_is_the_mean_of_both_recalls():
    y = np.array([True, True, True, False])
    pred = np.array([True, False, False, False])
    # Recall of the positives 1/3, of the negatives 1/1.
    assert balanced_accuracy(y, pred) == pytest.approx(0.5 * (1 / 3 + 1))


def test_balanced_accuracy_is_vectorised_over_the_last_axis():
    y = np.array([[True, False], [True, False]])
    pred = np.array([[True, False], [False, True]])
    np.testing.assert_allclose(balanced_accuracy(y, pred), [1.0, 0.0])


def test_balanced_accuracy_of_a_single_class_is_nan_without_a_warning():
    with np.errstate(all="raise"):
        assert np.isnan(balanced_accuracy(np.array([True, True]), np.array([True, False])))


def _intervals(**overrides):
    arguments = {
        "y_true": np.array([1, 1, 0, 0, 1, 0]),
        "predictions": {
            "model": np.array([0.9, 0.8, 0.1, 0.2, 0.7, 0.3]),
            "chance": np.array([0.5, 0.4, 0.5, 0.4, 0.4, 0.6]),
        },
        "threshold": 0.5,
        "n_boot": 200,
        "level": 0.9,
        "reference": "chance",
        "seed": 0,
    }
    return bootstrap_intervals(**(arguments | overrides))


def test_point_scores_use_the_threshold_inclusively():
    out = _intervals()
    assert out["model"]["balanced_accuracy"] == 1.0
    assert out["model"]["accuracy"] == 1.0
    # chance predicts positive at exactly 0.5 (rows 0 and 2) and at 0.6 (row 5).
    assert out["chance"]["accuracy"] == pytest.approx(2 / 6)
    assert out["chance"]["balanced_accuracy"] == pytest.approx(0.5 * (1 / 3 + 1 / 3))


def test_a_perfect_scorer_has_a_degenerate_interval_and_the_gap_is_paired():
    out = _intervals()
    assert out["model"]["balanced_accuracy_ci"] == [1.0, 1.0]
    assert out["model"]["accuracy_ci"] == [1.0, 1.0]
    low, high = out["model"]["gap_to_chance_ci"]
    assert 0 < low <= high <= 1
    assert "gap_to_chance_ci" not in out["chance"]
    assert set(out["model"]) == {
        "balanced_accuracy",
        "balanced_accuracy_ci",
        "accuracy",
        "accuracy_ci",
        "gap_to_chance_ci",
    }


def test_the_interval_is_the_levels_percentiles_of_the_replicates():
    y = np.array([1, 0, 1, 0, 1, 0, 1, 0])
    scores = np.array([0.9, 0.1, 0.2, 0.8, 0.9, 0.1, 0.7, 0.3])
    out = bootstrap_intervals(
        y_true=y,
        predictions={"m": scores},
        threshold=0.5,
        n_boot=500,
        level=0.8,
        reference="absent",
        seed=3,
    )
    # The same resampling, recomputed here: rows drawn with the seed, 10th and 90th percentiles.
    rows = np.random.default_rng(3).integers(0, 8, size=(500, 8))
    pred = scores >= 0.5
    acc = (y.astype(bool)[rows] == pred[rows]).mean(axis=1)
    ba = balanced_accuracy(y.astype(bool)[rows], pred[rows])
    assert out["m"]["accuracy_ci"] == pytest.approx(list(np.percentile(acc, [10, 90])))
    assert out["m"]["balanced_accuracy_ci"] == pytest.approx(list(np.nanpercentile(ba, [10, 90])))
    assert out["m"]["accuracy_ci"][0] < out["m"]["accuracy_ci"][1]
    assert "gap_to_absent_ci" not in out["m"]


def test_replicates_of_a_single_class_are_left_out_of_the_percentiles():
    # With two rows, some replicates draw one class only: their balanced accuracy is NaN.
    out = bootstrap_intervals(
        y_true=np.array([1, 0]),
        predictions={"m": np.array([1.0, 0.0])},
        threshold=0.5,
        n_boot=50,
        level=0.95,
        reference="m",
        seed=1,
    )
    assert out["m"]["balanced_accuracy_ci"] == [1.0, 1.0]

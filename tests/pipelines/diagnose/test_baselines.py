"""Unit tests of the baselines: features, scaling, and that they learn what is learnable."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.core.preprocessing import fit_scaler
from seq_pipeline.core.scoring import score_binary
from seq_pipeline.pipelines.diagnose.baselines import (
    baseline_probabilities,
    scaler_standardize,
    summary_features,
)
from tests.pipelines.diagnose.generated import as_sequences, make_split, pulse_sequences


def test_summary_features_of_a_ramp_with_padding():
    z = np.full((1, 6, 1), np.nan)
    z[0, :4, 0] = [0.0, 2.0, 4.0, 6.0]  # two padded steps at the end
    features = summary_features(z)
    mean, std, low, high, slope, d_mean, d_std, d_max, length = features[0]
    assert (mean, low, high, slope, d_mean, d_std, d_max, length) == (3, 0, 6, 2, 2, 0, 2, 4)
    assert np.isclose(std, np.std([0, 2, 4, 6]))


def test_standardized_uses_the_scaler_and_hides_padding(pulse_data):
    sequences, split = pulse_data
    sequences["mask"][0, -2:] = False
    scaler = fit_scaler(sequences, split)
    z = scaler_standardize(sequences, scaler)
    train = z[split["train"]]
    assert np.allclose(np.nanmean(train, axis=(0, 1)), 0, atol=1e-6)
    assert np.isnan(z[0, -2:]).all()


def test_baselines_learn_learnable_data_and_majority_is_constant(pulse_data):
    sequences, split = pulse_data
    scaler = fit_scaler(sequences, split)
    names = ["majority", "logistic_flat", "summary_gbm"]
    probabilities = baseline_probabilities(sequences, split["train"], scaler, names, seed=0)
    test, y = split["test"], sequences["y"][split["test"]]
    assert np.unique(probabilities["majority"]).size == 1
    for name in ("logistic_flat", "summary_gbm"):
        assert score_binary(y, probabilities[name][test], 0.5)["balanced_accuracy"] > 0.8


def test_baselines_standardize_with_training_rows_only():
    # Poisoning validation and test values must not move anything fitted on training rows:
    # standardizing with statistics over all rows would shift every training feature.
    x, y = pulse_sequences(90)
    sequences = as_sequences(x * np.array([1e-3, 2e3]) + np.array([5e4, 0.0]), y)
    split = make_split(sequences)
    poisoned = {**sequences, "X": sequences["X"].copy()}
    held_out = np.concatenate([split["val"], split["test"]])
    poisoned["X"][held_out] = poisoned["X"][held_out] * 1e3 + 1e6
    names = ["majority", "logistic_flat"]
    train = split["train"]
    clean = baseline_probabilities(sequences, train, fit_scaler(sequences, split), names, 0)
    dirty = baseline_probabilities(poisoned, train, fit_scaler(poisoned, split), names, 0)
    for name in names:
        np.testing.assert_array_equal(dirty[name][train], clean[name][train])
    assert not np.allclose(dirty["logistic_flat"][held_out], clean["logistic_flat"][held_out])


@pytest.mark.slow
def test_minirocket_baseline_learns_pulses(pulse_data):
    pytest.importorskip("aeon", reason="MiniRocket comes with the optional `ts` extra")
    sequences, split = pulse_data
    scaler = fit_scaler(sequences, split)
    probability = baseline_probabilities(sequences, split["train"], scaler, ["minirocket"], 0)
    test = split["test"]
    score = score_binary(sequences["y"][test], probability["minirocket"][test], 0.5)
    assert score["balanced_accuracy"] > 0.8
    assert ((probability["minirocket"] >= 0) & (probability["minirocket"] <= 1)).all()

"""Shift between train and test: found and described on a moved official split, quiet otherwise."""

from __future__ import annotations

import numpy as np

from seq_pipeline.pipelines.audit.shift import distribution_shift, holm, user_gave_test
from tests.pipelines.diagnose.generated import (
    as_given_split,
    as_sequences,
    make_split,
    pulse_sequences,
)

DEFAULTS = {
    "significance": 0.05,
    "auc_min": 0.6,
    "n_permutations": 99,
    "max_rows": 2000,
    "seed": 0,
}


def official_split(n: int = 600, seed: int = 11):
    sequences = as_sequences(*pulse_sequences(n, seed=seed))
    split = make_split(sequences)
    return as_given_split(sequences, split), split


def test_offset_on_one_feature_and_rescale_of_another_are_named():
    sequences, split = official_split()
    sequences["X"][split["test"], :, 0] += 1.0
    sequences["X"][split["test"], :, 1] *= 2.0
    result = distribution_shift(sequences=sequences, split=split, **DEFAULTS)
    assert result["flag"]
    moved = result["moved_features"]
    assert set(moved) == {"f0", "f1"}
    assert moved["f0"]["how"].startswith("offset +")
    assert 0.5 < moved["f0"]["offset"] < 1.0  # +1 raw = +0.7 training stds (pulse widens f0)
    assert abs(moved["f0"]["scale"] - 1) < 0.1
    assert moved["f1"]["how"] == f"scale ×{moved['f1']['scale']:.2f}"
    assert 1.8 < moved["f1"]["scale"] < 2.2
    assert result["domain_classifier"]["roc_auc"] > 0.9
    assert result["domain_classifier"]["p_value"] <= 0.05
    assert "f0: offset" in result["summary"] and "f1: scale" in result["summary"]


def test_healthy_official_split_does_not_flag():
    sequences, split = official_split(1000, seed=3)
    result = distribution_shift(sequences=sequences, split=split, **DEFAULTS)
    assert result["tested"]
    assert not result["flag"]
    assert result["domain_classifier"]["roc_auc"] < 0.6
    assert result["summary"].startswith("no shift that matters")


def test_random_split_is_not_tested_even_when_test_moved():
    sequences = as_sequences(*pulse_sequences(300))
    split = make_split(sequences)
    sequences["X"][split["test"], :, 0] += 3.0  # impossible for a random split; not looked at
    assert not user_gave_test(sequences)
    result = distribution_shift(sequences=sequences, split=split, **DEFAULTS)
    assert not result["flag"]
    assert not result["tested"]
    assert "exchangeable by construction" in result["summary"]


def test_only_a_given_test_split_counts_as_given():
    sequences = as_sequences(*pulse_sequences(20))
    sequences["split"] = np.array(["train"] * 20)  # the user gave train only: test is carved
    assert not user_gave_test(sequences)
    sequences["split"][:5] = "test"
    assert user_gave_test(sequences)


def test_holm_adjusts_step_down_and_keeps_order():
    adjusted = holm(np.array([0.01, 0.04, 0.03, 0.5]))
    assert np.allclose(adjusted, [0.04, 0.09, 0.09, 0.5])
    assert (holm(np.array([0.9, 0.9])) <= 1).all()

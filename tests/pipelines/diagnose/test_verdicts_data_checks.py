"""Generated-data tests of the verdicts that come from the data checks and the test size.

Each builds the situation from the project's generators, runs the audit and every diagnosis
node (a fitted baseline stands in for the model: no training), and asserts the verdict and
the evidence a user would read. The last two guard against false alarms.
"""

from __future__ import annotations

import numpy as np

from seq_pipeline.core.splits import SplitOptions, split_sequences
from tests.pipelines.diagnose.generated import (
    SEED,
    as_given_split,
    as_sequences,
    make_split,
    model_like_baseline,
    pulse_sequences,
    recorded_again,
    run_diagnosis,
)


def diagnose(sequences, split, name="logistic_flat"):
    predictions, history = model_like_baseline(sequences, split, name)
    return run_diagnosis(sequences, split, predictions, history)


def test_every_sequence_recorded_three_times_with_a_random_split_is_leak_suspected():
    sequences = as_sequences(*recorded_again(*pulse_sequences(200), copies=3, noise=0.01))
    diagnosis = diagnose(sequences, make_split(sequences))
    assert diagnosis["verdict"] == "leak_suspected"
    assert diagnosis["data_audit"]["near_copies"]["flag"]
    assert not diagnosis["data_audit"]["split_duplicates"]["flag"]  # no exact duplicate
    lead = diagnosis["evidence"][0]
    assert "test sequences" in lead and "have a near-copy in train" in lead
    assert "Give a `group` column" in lead


def test_official_split_with_a_moved_test_is_shift_naming_both_features():
    sequences = as_sequences(*pulse_sequences(600))
    split = make_split(sequences)
    sequences = as_given_split(sequences, split)
    sequences["X"][split["test"], :, 0] += 1.0  # offset
    sequences["X"][split["test"], :, 1] *= 2.0  # rescale
    diagnosis = diagnose(sequences, split)
    assert diagnosis["verdict"] == "shift"
    lead = diagnosis["evidence"][0]
    assert "f0: offset +0.7" in lead and "f1: scale ×" in lead
    assert diagnosis["evidence"][1].startswith("ranking: test ROC AUC")
    assert diagnosis["evidence"][2].startswith("at threshold 0.5: test accuracy")
    moved = diagnosis["shift"]["moved_features"]
    assert set(moved) == {"f0", "f1"}
    assert 1.8 < moved["f1"]["scale"] < 2.2


def test_forty_sequences_with_a_strong_signal_are_inconclusive_with_a_needed_n():
    sequences = as_sequences(*pulse_sequences(40, height=6.0))
    options = SplitOptions(val_fraction=0.15, test_fraction=0.15)
    split = split_sequences(sequences, options, SEED)
    assert len(split["test"]) == 6
    diagnosis = diagnose(sequences, split)
    assert diagnosis["verdict"] == "inconclusive"
    size = diagnosis["sample_size"]
    assert size["n_test"] == 6 and size["too_small"]
    assert size["n_needed"] >= 20
    assert diagnosis["evidence"][1].startswith(f"about {size['n_needed']} test sequences")


def test_a_quarter_of_labels_flipped_on_a_learnable_signal_still_learns():
    x, y = pulse_sequences(800, height=5.0)
    flipped = np.random.default_rng(SEED).random(len(y)) < 0.25
    sequences = as_sequences(x, np.where(flipped, 1 - y, y))
    diagnosis = diagnose(sequences, make_split(sequences))
    assert diagnosis["verdict"] == "learns"
    # 25 % flipped caps balanced accuracy near 0.75; the interval still clears chance.
    assert 0.65 < diagnosis["comparison"]["model"]["balanced_accuracy"] < 0.85
    assert diagnosis["comparison"]["model"]["balanced_accuracy_ci"][0] > 0.5


def test_healthy_data_with_a_given_split_learns_without_alarms():
    sequences = as_sequences(*pulse_sequences(600, seed=5))
    split = make_split(sequences)
    diagnosis = diagnose(as_given_split(sequences, split), split, "summary_gbm")
    assert diagnosis["verdict"] == "learns"
    assert diagnosis["shift"]["tested"] and not diagnosis["shift"]["flag"]
    assert not diagnosis["data_audit"]["near_copies"]["flag"]


def test_large_clean_set_learns():
    sequences = as_sequences(*pulse_sequences(2500, seed=7))
    diagnosis = diagnose(sequences, make_split(sequences), "summary_gbm")
    assert diagnosis["verdict"] == "learns"
    assert not diagnosis["sample_size"]["too_small"]
    assert not any(
        diagnosis["data_audit"][n]["flag"] for n in ("near_copies", "distribution_shift")
    )

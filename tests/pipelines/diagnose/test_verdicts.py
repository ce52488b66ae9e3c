"""One test per verdict on small generated data; each asserts the verdict and its evidence.

The tests marked slow train a real tiny BiLSTM with the project's own nodes.
"""

from __future__ import annotations

import pytest

from tests.pipelines.diagnose.generated import (
    as_sequences,
    make_split,
    model_like_baseline,
    noise_sequences,
    pulse_sequences,
    raw_scale_event_sequences,
    run_diagnosis,
    train_and_predict,
)


def test_learns_when_the_model_matches_the_baselines(pulse_data):
    sequences, split = pulse_data
    predictions, history = model_like_baseline(sequences, split, "summary_gbm")
    diagnosis = run_diagnosis(sequences, split, predictions, history)
    assert diagnosis["verdict"] == "learns"
    assert diagnosis["beats_chance"]["model"]
    assert diagnosis["comparison"]["model"]["balanced_accuracy_ci"][0] > 0.5
    assert set(diagnosis["comparison"]) == {"model", "majority", "logistic_flat", "summary_gbm"}
    assert diagnosis["likely_causes"] == []


def test_leak_suspected_when_test_sequences_are_copied_into_train(pulse_data):
    sequences, split = pulse_data
    copies = split["test"][:20]
    sequences["X"][split["train"][:20]] = sequences["X"][copies]
    sequences["y"][split["train"][:20]] = sequences["y"][copies]
    predictions, history = model_like_baseline(sequences, split)
    diagnosis = run_diagnosis(sequences, split, predictions, history)
    assert diagnosis["verdict"] == "leak_suspected"
    assert diagnosis["data_audit"]["split_duplicates"]["flag"]
    assert diagnosis["evidence"][0].startswith("20 of 150 test sequence(s) also in train")


def test_model_fails_when_predictions_collapse_on_learnable_data(pulse_data):
    sequences, split = pulse_data
    predictions, _ = model_like_baseline(sequences, split)
    predictions["probability"] = 0.51
    history = {
        "history": {"loss": [0.6932, 0.6931]},
        "epochs_run": 2,
        "options": {"scale_features": True},
    }
    diagnosis = run_diagnosis(sequences, split, predictions, history)
    assert diagnosis["verdict"] == "model_fails"
    assert diagnosis["training_health"]["collapsed"]
    assert any("collapsed to a constant" in c for c in diagnosis["likely_causes"])
    assert any("training loss did not fall" in c for c in diagnosis["likely_causes"])


@pytest.mark.slow
def test_no_signal_on_coin_flip_labels():
    sequences = as_sequences(*noise_sequences(600))
    split = make_split(sequences)
    predictions, history = train_and_predict(sequences, split, epochs=2)
    diagnosis = run_diagnosis(sequences, split, predictions, history)
    assert diagnosis["verdict"] == "no_signal"
    low, high = diagnosis["comparison"]["model"]["balanced_accuracy_ci"]
    assert low < 0.5 < high
    assert diagnosis["chance"]["p_value"] > 0.05
    assert not any(v for k, v in diagnosis["beats_chance"].items())


@pytest.mark.slow
def test_raw_scales_without_scaling_are_flagged_and_not_learns():
    sequences = as_sequences(*raw_scale_event_sequences(600))
    split = make_split(sequences)
    predictions, history = train_and_predict(sequences, split, scale_features=False)
    diagnosis = run_diagnosis(sequences, split, predictions, history)
    assert diagnosis["data_audit"]["feature_scale"]["flag"]
    assert diagnosis["verdict"] == "model_fails"
    assert any("enable scaling" in c for c in diagnosis["likely_causes"])
    best = max(
        diagnosis["comparison"]["logistic_flat"]["balanced_accuracy"],
        diagnosis["comparison"]["summary_gbm"]["balanced_accuracy"],
    )
    assert best - diagnosis["comparison"]["model"]["balanced_accuracy"] > 0.05


@pytest.mark.slow
def test_imbalance_when_accuracy_is_the_majority_rate():
    sequences = as_sequences(*pulse_sequences(1000, positive_fraction=0.08, height=3.0))
    split = make_split(sequences)
    predictions, history = train_and_predict(
        sequences, split, class_weight="none", epochs=1, learning_rate=0.001
    )
    diagnosis = run_diagnosis(sequences, split, predictions, history)
    assert diagnosis["data_audit"]["label_balance"]["flag"]
    assert diagnosis["verdict"] == "imbalance"
    model = diagnosis["comparison"]["model"]
    assert {"balanced_accuracy", "balanced_accuracy_ci", "pr_auc"} <= set(model)
    assert "majority rate" in diagnosis["evidence"][0]

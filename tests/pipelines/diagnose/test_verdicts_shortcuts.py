"""Generated-data tests of "is this too good to be true?": one per shortcut, and look-alikes.

Each builds the data the way a real export goes wrong, runs the audit and every diagnosis
node (a fitted baseline stands in for the model: no training), and asserts the verdict and
the evidence a user reads. The last two guard against false alarms.
"""

from __future__ import annotations

from tests.pipelines.diagnose import shortcut_data as data
from tests.pipelines.diagnose.generated import make_split, model_like_baseline, run_diagnosis


def diagnose(sequences: dict, stand_in: str = "summary_gbm") -> dict:
    split = make_split(sequences)
    predictions, history = model_like_baseline(sequences, split, stand_in)
    return run_diagnosis(sequences, split, predictions, history)


def test_a_status_column_that_carries_the_label_is_leak_suspected_naming_it():
    diagnosis = diagnose(data.leaky_status())
    assert diagnosis["verdict"] == "leak_suspected"
    lead, against = diagnosis["evidence"][:2]
    assert lead.startswith("feature 'status' is constant within each sequence and predicts")
    assert "balanced accuracy 0.99" in lead and "no other feature exceeds 0.5" in lead
    assert against.startswith("feature 'status' alone scores 0.9")
    assert "against the model's test balanced accuracy" in against
    assert diagnosis["shortcuts"]["leaky_column"]["suspects"] == ["status"]


def test_a_row_counter_of_an_export_sorted_by_class_is_leak_suspected_naming_it():
    diagnosis = diagnose(data.export_sorted_by_class(), "logistic_flat")
    assert diagnosis["comparison"]["model"]["balanced_accuracy"] > 0.9  # too good…
    assert diagnosis["verdict"] == "leak_suspected"  # …to be true
    assert diagnosis["evidence"][0].startswith("feature 'row_number' ramps with row order")
    assert "sequence_id (its numeric value) predicts the label alone" in diagnosis["evidence"][0]
    assert diagnosis["evidence"][1].startswith("feature 'row_number' alone scores 0.9")


def test_classes_of_different_lengths_say_the_model_learned_the_length():
    diagnosis = diagnose(data.length_differs_by_class(), "logistic_flat")
    length = diagnosis["shortcuts"]["length_shortcut"]
    assert length["flag"] and length["solo_balanced_accuracy"] >= 0.8
    assert diagnosis["data_audit"]["length_shortcut"]["flag"]
    learned = [e for e in diagnosis["evidence"] if e.startswith("the model learned the length")]
    assert learned and learned == diagnosis["evidence"][1:2]  # right after the model's score
    assert any(w.startswith("length predicts the label alone") for w in diagnosis["warnings"])
    assert diagnosis["verdict"] != "leak_suspected"  # a length can be the signal: a warning


def test_a_weak_but_real_signal_stays_learns_with_its_interval():
    diagnosis = diagnose(data.weak_signal(2000), "logistic_flat")
    assert diagnosis["verdict"] == "learns"
    model = diagnosis["comparison"]["model"]
    assert 0.55 < model["balanced_accuracy"] < 0.66
    assert model["balanced_accuracy_ci"][0] > 0.5
    assert not any(diagnosis["data_audit"][n]["flag"] for n in diagnosis["shortcuts"])


def test_a_strong_motif_in_one_channel_learns_without_a_shortcut_alarm():
    diagnosis = diagnose(data.strong_motif())
    assert diagnosis["verdict"] == "learns"
    assert diagnosis["comparison"]["model"]["balanced_accuracy"] > 0.95
    assert diagnosis["shortcuts"]["leaky_column"]["columns"]["f0"]["solo_balanced_accuracy"] > 0.9
    assert not any(f["flag"] for f in diagnosis["shortcuts"].values())
    assert not any("learned the length" in e for e in diagnosis["evidence"])


def test_lengths_that_differ_for_a_real_reason_raise_no_length_alarm():
    diagnosis = diagnose(data.length_differs_by_class(by_class=False))
    assert diagnosis["verdict"] == "learns"
    length = diagnosis["shortcuts"]["length_shortcut"]
    assert length["tested"] and not length["flag"] and length["solo_balanced_accuracy"] < 0.6
    assert not any("length" in w for w in diagnosis["warnings"])

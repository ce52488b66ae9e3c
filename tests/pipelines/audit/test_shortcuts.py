"""The audit's shortcut findings on generated data: each kind flags, honest look-alikes do not."""

from __future__ import annotations

import json

import numpy as np
import pytest

from seq_pipeline.core.findings import Finding
from seq_pipeline.pipelines.audit.options import AuditOptions
from seq_pipeline.pipelines.audit.shortcuts import shortcut_findings
from tests.pipelines.diagnose import shortcut_data as data
from tests.pipelines.diagnose.generated import as_sequences, make_split, noise_sequences


def audit(sequences: dict, **options) -> dict:
    return shortcut_findings(sequences, make_split(sequences), AuditOptions(**options), seed=0)


def test_a_status_code_filled_in_after_the_outcome_is_a_leaky_column():
    found = audit(data.leaky_status())
    leaky = found[Finding.LEAKY_COLUMN]
    assert leaky["flag"] and leaky["suspects"] == ["status"]
    status = leaky["columns"]["status"]
    assert status["kind"] == "constant within each sequence"
    assert status["solo_balanced_accuracy"] >= 0.95 and status["p_value"] <= 0.05
    assert status["others_best"] < 0.6
    assert "'status' is constant within each sequence" in leaky["summary"]
    assert not found[Finding.IDENTIFIER_LEAK]["flag"] and not found[Finding.LENGTH_SHORTCUT]["flag"]


def test_a_row_counter_of_a_class_sorted_export_and_its_ids_are_identifier_leaks():
    found = audit(data.export_sorted_by_class())
    ids = found[Finding.IDENTIFIER_LEAK]
    assert ids["flag"] and ids["suspects"] == ["row_number"]
    assert ids["columns"]["row_number"]["kind"] == "ramps with row order"
    assert ids["sequence_id"]["as"] == "numeric value" and ids["sequence_id"]["leak"]
    assert "'row_number' ramps with row order" in ids["summary"]
    assert not found[Finding.LEAKY_COLUMN]["flag"]  # a ramp is an identifier, not a status


def test_ids_of_a_class_sorted_file_are_a_decisive_leak_when_no_feature_carries_much():
    x, y = noise_sequences(600)
    order = np.argsort(y, kind="stable")
    ids = audit(as_sequences(x[order], y[order]))[Finding.IDENTIFIER_LEAK]
    assert ids["flag"] and ids["suspects"] == ["sequence_id"]
    assert ids["sequence_id"]["decisive"] and ids["sequence_id"]["others_best"] < 0.7
    assert ids["sequence_id"]["as"] == "order"
    assert "sequence_id (its order) predicts the label alone" in ids["summary"]


def test_classes_of_different_lengths_are_a_length_shortcut():
    length = audit(data.length_differs_by_class())[Finding.LENGTH_SHORTCUT]
    assert length["flag"] and length["tested"]
    assert length["solo_balanced_accuracy"] >= 0.8
    assert set(length["per_summary"]) == {"length", "padding after the end"}  # starts at step 0


@pytest.mark.parametrize(
    "sequences",
    [data.strong_motif(), data.length_differs_by_class(by_class=False), data.weak_signal(1200)],
    ids=["strong motif in one channel", "lengths differ, not by class", "weak real signal"],
)
def test_honest_data_raises_no_shortcut_flag(sequences):
    found = audit(sequences)
    assert not any(f["flag"] for f in found.values()), [f["summary"] for f in found.values()]


def test_a_strong_motif_is_reported_but_never_a_suspect():
    leaky = audit(data.strong_motif())[Finding.LEAKY_COLUMN]
    f0 = leaky["columns"]["f0"]
    assert f0["solo_balanced_accuracy"] > 0.9 and f0["kind"] is None
    assert "strongest single feature f0" in leaky["summary"]


def test_the_solo_scores_read_training_rows_only():
    sequences = data.leaky_status(400)
    split = make_split(sequences)
    # Scramble the label of every held-out row: a leak measured on train must not move.
    scrambled = {**sequences, "y": sequences["y"].copy()}
    held = np.concatenate([split["val"], split["test"]])
    scrambled["y"][held] = 1 - scrambled["y"][held]
    a = shortcut_findings(sequences, split, AuditOptions(), seed=0)
    b = shortcut_findings(scrambled, split, AuditOptions(), seed=0)
    assert a[Finding.LEAKY_COLUMN]["columns"] == b[Finding.LEAKY_COLUMN]["columns"]
    assert a[Finding.LEAKY_COLUMN]["rows"] == len(split["train"])


def test_thresholds_come_from_the_options():
    found = audit(data.leaky_status(agreement=0.9))  # solo ≈ 0.9: below the 0.95 default
    assert not found[Finding.LEAKY_COLUMN]["flag"]
    assert audit(data.leaky_status(agreement=0.9), leak_solo_min=0.85)[Finding.LEAKY_COLUMN]["flag"]


def test_a_ramp_is_read_in_row_order_whatever_order_the_split_lists():
    sequences = data.export_sorted_by_class()
    split = make_split(sequences)
    shuffled = {**split, "train": np.random.default_rng(0).permutation(split["train"])}
    found = shortcut_findings(sequences, shuffled, AuditOptions(), seed=0)
    assert found[Finding.IDENTIFIER_LEAK]["suspects"] == ["row_number"]
    assert not found[Finding.LEAKY_COLUMN]["flag"]


def test_a_row_counter_of_a_file_not_sorted_by_class_is_a_ramp_but_no_leak():
    x, y = noise_sequences(600)
    counter = np.arange(600 * x.shape[1], dtype=float).reshape(600, -1)
    found = audit(data.with_feature(as_sequences(x, y), "row_number", counter))
    row_number = found[Finding.LEAKY_COLUMN]["columns"]["row_number"]
    assert row_number["kind"] == "ramps with row order" and row_number["p_value"] > 0.05
    assert not any(f["flag"] for f in found.values())


def test_findings_are_plain_json_whatever_flags():
    for sequences in (
        data.leaky_status(),
        data.export_sorted_by_class(),
        data.length_differs_by_class(),
    ):
        found = audit(sequences)
        assert json.loads(json.dumps({k.value: v for k, v in found.items()}))

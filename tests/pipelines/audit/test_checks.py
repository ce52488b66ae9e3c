"""Unit tests of the data checks: each finding flags what it should, with its numbers."""

from __future__ import annotations

import numpy as np

from seq_pipeline.pipelines.audit import checks
from tests.pipelines.diagnose.generated import as_sequences, make_split, pulse_sequences


def test_feature_scale_flags_raw_scales_and_offsets():
    x, _ = pulse_sequences(200)
    raw = x * np.array([2e3, 1e-3]) + np.array([5e4, 0.0])
    mask = np.ones(raw.shape[:2], dtype=bool)
    result = checks.feature_scale(raw, mask, ["pressure", "flow"], 100.0, 10.0)
    assert result["flag"]
    assert result["scale_ratio"] > 1e7
    assert result["offset_features"] == ["pressure"]
    assert abs(result["features"]["pressure"]["mean"] - 5e4) < 1e3
    assert "by a factor" in result["summary"]


def test_feature_scale_passes_standardized_data():
    x, _ = pulse_sequences(200)
    result = checks.feature_scale(x, np.ones(x.shape[:2], bool), ["a", "b"], 100.0, 10.0)
    assert not result["flag"]
    assert result["scale_ratio"] < 2


def test_label_balance_flags_rare_positives_per_split():
    y = np.zeros(100, dtype=np.int8)
    y[:8] = 1
    split = {"train": np.arange(50), "test": np.arange(50, 100)}
    result = checks.label_balance(y, split, 0.2)
    assert result["flag"]
    assert result["minority_share"] == 0.08
    assert result["positive_rate_by_split"] == {"train": 0.16, "test": 0.0}


def test_constant_features_found_and_missing_ignored():
    x, _ = pulse_sequences(50)
    x[:, :, 1] = 3.0
    x[0, 0, 1] = np.nan
    result = checks.constant_features(x, np.ones(x.shape[:2], bool), ["a", "b"], 0.99)
    assert result["features"] == ["b"]
    assert result["most_common_value_share"]["a"] < 0.01


def test_missing_steps_counts_padding_and_nan():
    x = np.zeros((4, 10, 1))
    mask = np.ones((4, 10), dtype=bool)
    mask[:, 5:] = False
    x[0, 0, 0] = np.nan
    result = checks.missing_steps(x, mask, ["a"], 0.4)
    assert result["flag"]
    assert result["padded_step_fraction"] == 0.5
    assert result["missing_fraction"]["a"] == 1 / 20


def test_label_order_detects_sorted_rows_not_shuffled_ones():
    rng = np.random.default_rng(0)
    y = np.sort(rng.integers(0, 2, 500))
    assert checks.label_order(y, 5.0)["sorted"]
    assert checks.label_order(y, 5.0)["flag"]
    shuffled = checks.label_order(rng.permutation(y), 5.0)
    assert not shuffled["flag"]
    assert abs(shuffled["z"]) < 4


def test_split_overlap_finds_exact_and_near_duplicates():
    sequences = as_sequences(*pulse_sequences(300))
    split = make_split(sequences)
    x = sequences["X"]
    x[split["test"][:5]] = x[split["train"][:5]]  # exact copies
    x[split["test"][5:8]] = x[split["train"][5:8]] + 1e-5  # near copies
    result = checks.split_overlap(
        x=x,
        mask=sequences["mask"],
        y=sequences["y"],
        split=split,
        tolerance=1e-3,
        max_rows=5000,
        seed=0,
    )
    assert result["flag"]
    assert result["test"]["exact_duplicates"] == 5
    assert result["test"]["near_duplicates"] == 8
    assert result["val"]["exact_duplicates"] == 0


def test_split_overlap_clean_on_independent_sequences():
    sequences = as_sequences(*pulse_sequences(300))
    result = checks.split_overlap(
        x=sequences["X"],
        mask=sequences["mask"],
        y=sequences["y"],
        split=make_split(sequences),
        tolerance=1e-3,
        max_rows=5000,
        seed=0,
    )
    assert not result["flag"]
    assert result["test"]["near_duplicates"] == 0


def test_group_overlap_lists_shared_groups():
    groups = np.array(["p1", "p1", "p2", "p3"])
    split = {"train": np.array([0, 2]), "val": np.array([], dtype=int), "test": np.array([1, 3])}
    result = checks.group_overlap(groups, split)
    assert result["flag"]
    assert result["examples"] == ["p1"]
    assert not checks.group_overlap(None, split)["flag"]


def test_split_overlap_checks_at_most_max_rows_for_near_duplicates():
    sequences = as_sequences(*pulse_sequences(300))
    split = make_split(sequences)
    x = sequences["X"]
    x[split["test"][:5]] = x[split["train"][:5]]
    kwargs = {"mask": sequences["mask"], "y": sequences["y"], "split": split, "tolerance": 1e-3}
    capped = checks.split_overlap(x=x, max_rows=10, seed=0, **kwargs)
    full = checks.split_overlap(x=x, max_rows=5000, seed=0, **kwargs)
    assert capped["test"]["near_checked"] == 10
    assert full["test"]["near_checked"] == len(split["test"])
    # Exact duplicates are counted over every row, whatever the cap.
    assert capped["test"]["exact_duplicates"] == full["test"]["exact_duplicates"] == 5

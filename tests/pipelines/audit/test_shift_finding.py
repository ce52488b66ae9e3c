"""The audit's shift finding around the shift test: which rows it samples, how it scales
them, what it records and how it words the result (the test itself is stubbed)."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.pipelines.audit import shift
from seq_pipeline.pipelines.audit.shift import distribution_shift

DOMAIN = {"roc_auc": 0.75, "null_95th_percentile": 0.58, "p_value": 0.01}
OPTIONS = {"significance": 0.05, "auc_min": 0.6, "n_permutations": 9, "max_rows": 6, "seed": 3}


def _sequences(n=20):
    rng = np.random.default_rng(0)
    split = np.array(["train"] * (n // 2) + ["test"] * (n // 2))
    return {
        "X": rng.normal(5.0, 2.0, (n, 4, 1)),
        "mask": np.ones((n, 4), bool),
        "feature_names": np.array(["a"]),
        "split": split,
    }, {"train": np.flatnonzero(split == "train"), "test": np.flatnonzero(split == "test")}


@pytest.fixture
def calls(monkeypatch):
    seen = []

    def stub(z_train, z_test, names, **options):
        seen.append((z_train, z_test))
        moved = {"a": {"how": "offset +1.00 std"}, "length": {"how": "sequence length"}}
        return {"flag": True, "moved_features": moved, "domain_classifier": DOMAIN, "ks_holm_p": {}}

    monkeypatch.setattr(shift, "two_sample_shift", stub)
    return seen


def test_the_finding_records_the_sample_sizes_and_words_the_moves(calls):
    sequences, split = _sequences()
    out = distribution_shift(sequences=sequences, split=split, **OPTIONS)
    assert (out["flag"], out["tested"], out["n_train"], out["n_test"]) == (True, True, 6, 6)
    assert out["summary"] == (
        "test distribution differs from train — a: offset +1.00 std; length: sequence length; "
        "a train-vs-test classifier reaches ROC AUC 0.75 (permutation null 95th percentile "
        "0.58, p = 0.010; 6 train vs 6 test sequences)"
    )


def test_the_capped_samples_are_drawn_from_the_seed_and_scaled_with_train_only(calls):
    sequences, split = _sequences()
    distribution_shift(sequences=sequences, split=split, **OPTIONS)
    distribution_shift(sequences=sequences, split=split, **OPTIONS)
    (train_1, test_1), (train_2, test_2) = calls
    np.testing.assert_array_equal(train_1, train_2)
    np.testing.assert_array_equal(test_1, test_2)
    assert train_1.shape == (6, 4, 1) and test_1.shape == (6, 4, 1)
    # Standardized with the sampled training rows' own statistics.
    assert abs(np.nanmean(train_1)) < 1e-6 and abs(np.nanstd(train_1) - 1) < 1e-6


def test_fewer_than_a_fold_of_test_rows_is_not_tested(calls):
    sequences, split = _sequences(n=8)
    out = distribution_shift(sequences=sequences, split=split, **OPTIONS)
    assert (out["flag"], out["tested"]) == (False, False)
    assert out["summary"] == "too few train or test sequences to test for shift"
    assert calls == []


def test_a_carved_split_is_not_tested(calls):
    sequences, split = _sequences()
    del sequences["split"]
    out = distribution_shift(sequences=sequences, split=split, **OPTIONS)
    assert (out["flag"], out["tested"]) == (False, False)
    assert calls == []

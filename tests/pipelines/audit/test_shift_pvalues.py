"""Shift test p-values pinned exactly: the permutation p-value and the Holm-corrected KS ones.

The shift tests elsewhere move the data so far that any p-value formula flags them; these build
data whose p-values are known in closed form, so a changed formula or a dropped correction
fails here, in the fast subset.
"""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

from seq_pipeline.core.preprocessing import SUMMARY_STATS
from seq_pipeline.core.shift import domain_classifier
from seq_pipeline.pipelines.audit.shift import distribution_shift
from tests.pipelines.diagnose.generated import as_given_split, as_sequences, make_split

OPTIONS = {"significance": 0.05, "auc_min": 0.6, "max_rows": 2000, "seed": 0}


def level_sequences(train_levels: list[float], test_levels: list[float], n_steps: int = 4):
    """One feature, each sequence constant at its level; the user gave train and test."""
    levels = np.array(train_levels + test_levels, dtype=float)
    x = np.repeat(levels[:, None, None], n_steps, axis=1)
    y = np.arange(len(levels)) % 2
    n_train = len(train_levels)
    split = {
        "train": np.arange(n_train),
        "val": np.array([], dtype=int),
        "test": np.arange(n_train, len(levels)),
    }
    return as_given_split(as_sequences(x, y), split), split


def test_holm_multiplies_the_smallest_ks_p_value_by_the_number_of_summaries():
    # Constant sequences: mean, min and max separate train from test completely (exact
    # two-sided KS p = 2 / C(12, 6)); std, slope, the differences and length do not move (p = 1).
    # Holm over the 9 summaries then gives the three moved ones 9 × p each.
    sequences, split = level_sequences([0, 1, 2, 3, 4, 5], [10, 11, 12, 13, 14, 15])
    out = distribution_shift(sequences=sequences, split=split, n_permutations=19, **OPTIONS)
    m = len(SUMMARY_STATS) + 1
    assert m == 9
    raw = 2 / comb(12, 6)
    expected = round(m * raw, 6)
    assert expected == pytest.approx(0.019481)
    held = out["ks_holm_p"]
    assert {held[f"f0:{s}"] for s in ("mean", "min", "max")} == {expected}
    assert {held[f"f0:{s}"] for s in SUMMARY_STATS if s not in ("mean", "min", "max")} == {1.0}
    assert held["length"] == 1.0
    assert set(out["moved_features"]["f0"]["stats"]) == {"max", "mean", "min"}


def test_a_raw_ks_p_value_below_the_level_stops_flagging_once_holm_corrected():
    # 5 vs 5, completely separated: raw p = 2 / C(10, 5) = 0.0079 < 0.05, but Holm over the
    # 9 summaries gives 0.071 > 0.05: no summary is family-wise significant, nothing moved.
    sequences, split = level_sequences([0, 1, 2, 3, 4], [10, 11, 12, 13, 14])
    out = distribution_shift(sequences=sequences, split=split, n_permutations=19, **OPTIONS)
    assert out["tested"]
    assert out["ks_holm_p"]["f0:mean"] == round(9 * 2 / comb(10, 5), 6) > 0.05
    assert out["moved_features"] == {}
    assert not out["flag"]


def test_a_perfect_domain_classifier_gets_the_smallest_possible_p_value_not_zero():
    # Train and test summaries far apart on one column: the observed AUC is 1 and no
    # permutation of 60 labels reaches it, so p = (0 + 1) / (19 + 1) exactly.
    rng = np.random.default_rng(0)
    s_train = rng.standard_normal((30, 3))
    s_test = rng.standard_normal((30, 3))
    s_test[:, 0] += 20.0
    out = domain_classifier(s_train, s_test, 19, np.random.default_rng(1))
    assert out["roc_auc"] == 1.0
    assert out["p_value"] == 1 / 20
    assert out["n_permutations"] == 19


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_a_healthy_split_gets_a_p_value_on_the_permutation_grid(seed):
    # Train and test drawn from one distribution: the p-value is (k + 1) / (n + 1) for some
    # k in 0..n, so it lies on the grid of multiples of 1 / (n + 1) and is never 0.
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((80, 12, 2))
    sequences = as_sequences(x, (rng.random(80) < 0.5).astype(np.int8))
    split = make_split(sequences)
    sequences = as_given_split(sequences, split)
    n = 49
    out = distribution_shift(sequences=sequences, split=split, n_permutations=n, **OPTIONS)
    p = out["domain_classifier"]["p_value"]
    steps = p * (n + 1)
    assert steps == pytest.approx(round(steps), abs=1e-9)
    assert 1 <= round(steps) <= n + 1
    assert not out["flag"]


@pytest.mark.parametrize(("n_test", "tested"), [(4, False), (5, True), (6, True)])
def test_shift_is_tested_from_one_sequence_per_fold_on(n_test, tested):
    # The domain classifier's 5 folds need 5 sequences on each side.
    sequences, split = level_sequences(list(range(8)), [10.0 + i for i in range(n_test)])
    out = distribution_shift(sequences=sequences, split=split, n_permutations=9, **OPTIONS)
    assert out["tested"] is tested
    if not tested:
        assert out["summary"] == "too few train or test sequences to test for shift"

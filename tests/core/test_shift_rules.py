"""The shift test's rules at their boundaries: the flag's three conditions, the row cap, the
KS fallbacks and Holm's arithmetic on hand-made p-values."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.core import shift
from seq_pipeline.core.shift import _ks_p_values, holm, sample_rows, two_sample_shift


@pytest.mark.parametrize("extra", [-1, 0])
def test_rows_up_to_the_cap_are_kept_in_their_order(extra):
    rows = np.array([3, 1, 2])
    assert sample_rows(rows, len(rows) + extra + 1, np.random.default_rng(0)).tolist() == [3, 1, 2]


def test_one_row_over_the_cap_draws_the_cap_distinct_rows_sorted():
    rows = np.arange(40)[::-1]
    drawn = sample_rows(rows, 39, np.random.default_rng(0))
    assert len(drawn) == 39 == len(set(drawn.tolist()))
    assert drawn.tolist() == sorted(drawn.tolist())


def test_holm_on_three_p_values_by_hand():
    # Sorted: 0.01×3 = 0.03, 0.03×2 = 0.06, 0.04×1 = 0.04 → running max 0.03, 0.06, 0.06.
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06])
    adjusted = holm([1, 0])  # ints in, floats out
    assert adjusted.dtype == np.float64 and adjusted.tolist() == [1.0, 0.0]


def test_ks_is_skipped_for_an_empty_side_and_a_constant_column_but_not_a_narrow_one():
    a = np.array([[np.nan, 1.0, 0.00], [np.nan, 1.0, 0.01], [np.nan, 1.0, 0.02]] * 4)
    b = np.array([[0.0, 1.0, 0.40], [5.0, 1.0, 0.41], [9.0, 1.0, 0.42]] * 4)
    p = _ks_p_values(a, b)
    assert p[0] == 1.0 and p[1] == 1.0
    # Values spread over less than 1 are tested all the same.
    assert p[2] < 1e-4


def _stub(monkeypatch, ks_p: float, domain_p: float, auc: float):
    monkeypatch.setattr(shift, "holm", lambda p: np.full(len(p), ks_p))
    monkeypatch.setattr(
        shift, "domain_classifier", lambda *a: {"p_value": domain_p, "roc_auc": auc}
    )


def _flag(**options):
    z = np.zeros((4, 3, 1))
    arguments = {"significance": 0.05, "auc_min": 0.6, "n_permutations": 9}
    return two_sample_shift(z, z, ["a"], rng=np.random.default_rng(0), **(arguments | options))


@pytest.mark.parametrize(
    ("ks_p", "domain_p", "auc", "flag"),
    [
        (0.05, 0.05, 0.6, True),  # every condition exactly at its limit
        (0.0500001, 0.05, 0.6, False),
        (0.05, 0.0500001, 0.6, False),
        (0.05, 0.05, 0.5999999, False),
    ],
)
def test_the_flag_needs_all_three_conditions_at_or_past_their_limits(
    monkeypatch, ks_p, domain_p, auc, flag
):
    _stub(monkeypatch, ks_p, domain_p, auc)
    out = _flag()
    assert out["flag"] is flag
    assert bool(out["moved_features"]) is (ks_p <= 0.05)


def test_the_ks_p_values_are_reported_per_summary_and_length(monkeypatch):
    _stub(monkeypatch, 0.1234567, 1.0, 0.5)
    report = _flag()["ks_holm_p"]
    assert list(report)[:2] == ["a:mean", "a:std"]
    assert list(report)[-1] == "length"
    assert set(report.values()) == {0.123457}
    assert len(report) == len(shift.SUMMARY_STATS) + 1

"""Solo scores: one number per sequence against the label, cross-validated, with a null."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.core import shortcuts

RNG_SEED = 5
FAST = {"folds": 5, "bins": 32, "seed": 0}


@pytest.fixture
def labels() -> np.ndarray:
    return np.random.default_rng(RNG_SEED).integers(0, 2, 1000)


def test_a_category_code_that_is_not_ordered_by_class_scores_perfectly(labels):
    rng = np.random.default_rng(1)
    code = np.where(labels == 1, rng.choice([3, 7], len(labels)), rng.choice([1, 5], 1000))
    observed, null = shortcuts.solo_scores(code[:, None], labels, n_permutations=49, **FAST)
    assert observed[0] == 1.0
    assert null.shape == (49, 1) and null.max() < 0.6
    assert shortcuts.p_value(observed[0], null[:, 0]) == pytest.approx(1 / 50)


def test_noise_scores_chance_and_its_p_values_are_calibrated(labels):
    noise = np.random.default_rng(2).standard_normal((len(labels), 40))
    observed, null = shortcuts.solo_scores(noise, labels, n_permutations=99, **FAST)
    assert np.all(np.abs(observed - 0.5) < 0.08)
    assert abs(null.mean() - 0.5) < 0.01
    p = np.array([shortcuts.p_value(o, null[:, j]) for j, o in enumerate(observed)])
    assert 0.3 < np.median(p) < 0.7 and np.mean(p <= 0.05) <= 0.15


def test_a_constant_or_missing_column_scores_exactly_chance(labels):
    values = np.column_stack([np.ones(len(labels)), np.full(len(labels), np.nan)])
    observed, _ = shortcuts.solo_scores(values, labels, n_permutations=5, **FAST)
    assert observed.tolist() == [0.5, 0.5]


def test_a_class_sorted_ramp_is_nearly_perfect_and_ramps_with_row_order():
    y = np.repeat([0, 1], 500)
    ramp = np.arange(1000, dtype=float)[:, None]
    observed, _ = shortcuts.solo_scores(ramp, y, n_permutations=0, **FAST)
    assert observed[0] > 0.98
    noise = np.random.default_rng(3).standard_normal(1000)
    rho = shortcuts.row_order_correlation(np.column_stack([ramp[:, 0], noise, -ramp[:, 0]]))
    assert rho[0] == pytest.approx(1.0) and rho[2] == pytest.approx(-1.0) and abs(rho[1]) < 0.1


def test_summaries_and_within_sequence_share_read_real_steps_only():
    x = np.array([[[1.0], [3.0], [99.0]], [[5.0], [5.0], [5.0]]])
    mask = np.array([[True, True, False], [True, True, True]])
    s = shortcuts.sequence_summaries(x, mask)
    assert s["mean"][:, 0].tolist() == [2.0, 5.0] and s["max"][:, 0].tolist() == [3.0, 5.0]
    assert s["std"][:, 0].tolist() == [1.0, 0.0]
    share = shortcuts.within_sequence_share(x, mask, s["mean"])
    # within: (1-2)² + (3-2)² = 2; total around the mean 3.8 of the 5 real values: 12.8
    assert share[0] == pytest.approx(2 / 12.8)
    static = np.repeat(np.array([1.0, 4.0])[:, None, None], 3, axis=1)
    assert shortcuts.within_sequence_share(static, mask, s["mean"] * 0 + [[1.0], [4.0]])[0] == 0


def test_identifiers_are_numbers_when_they_all_parse_else_their_order():
    values, how = shortcuts.identifier_values(np.array(["10", "9", "100"]))
    assert how == "numeric value" and values.tolist() == [10.0, 9.0, 100.0]
    values, how = shortcuts.identifier_values(np.array(["b-2", "a-9", "c-1"]))
    assert how == "order" and values.tolist() == [1.0, 0.0, 2.0]


def test_length_summaries_see_leading_and_trailing_padding():
    mask = np.array(
        [[True, True, True, True], [False, True, True, False], [True, False, False, False]]
    )
    s = shortcuts.length_summaries(mask)
    assert s["length"].tolist() == [4, 2, 1]
    assert s["first real step"].tolist() == [0, 1, 0]
    assert s["padding after the end"].tolist() == [0, 1, 3]

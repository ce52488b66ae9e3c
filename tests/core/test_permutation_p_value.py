"""The permutation p-value (k + 1) / (n + 1) on small nulls whose answer is known by hand."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.core.scoring import permutation_p_value


@pytest.mark.parametrize(
    ("observed", "null", "expected"),
    [
        (0.7, [0.5, 0.7, 0.9], 3 / 4),  # ties count as at least as extreme: k = 2
        (0.95, [0.5, 0.7, 0.9], 1 / 4),  # beats every permutation: never 0
        (0.1, [0.5, 0.7, 0.9], 4 / 4),  # below every permutation: exactly 1
        (0.6, [0.5, 0.7], 2 / 3),
        (0.5, [0.5] * 9, 1.0),  # a constant null: every permutation ties
        (0.8, np.linspace(0, 1, 99), (1 + 20) / 100),  # 0.8, 0.81, ..., 1.0 (float grid)
    ],
)
def test_p_value_counts_the_observed_labelling_as_one_permutation(observed, null, expected):
    assert permutation_p_value(observed, np.asarray(null)) == pytest.approx(expected, abs=1e-12)


def test_p_value_with_no_permutations_is_one():
    assert permutation_p_value(0.9, np.array([])) == 1.0

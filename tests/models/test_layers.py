"""The shared layers: missing-value fill and the mask-aware building blocks."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("keras")

from seq_pipeline.models.layers import (
    FillMissing,
    MaskedGlobalAverage,
    MaskedMaxPool1D,
    ZeroPadded,
)

VALUES = np.array([[[-5.0], [-2.0], [-3.0], [9.0]]], dtype="float32")
MASK = np.array([[True, True, True, False]])


def test_fill_missing_replaces_only_nan():
    layer = FillMissing([10.0, -1.0])
    x = np.array([[[np.nan, 2.0], [3.0, np.nan]]], dtype="float32")
    np.testing.assert_array_equal(np.asarray(layer(x)), [[[10.0, 2.0], [3.0, -1.0]]])


def test_zero_padded_zeroes_only_padded_steps():
    np.testing.assert_array_equal(np.asarray(ZeroPadded()(VALUES, MASK)).ravel(), [-5, -2, -3, 0])


def test_masked_max_pool_never_lets_padding_win():
    # Unmasked, the padded 9 would win at step 2; the border of a real sequence is ignored.
    pooled = np.asarray(MaskedMaxPool1D(3)(VALUES, MASK)).ravel()
    np.testing.assert_array_equal(pooled, [-2, -2, -2, 0])


def test_masked_average_counts_real_steps_only():
    np.testing.assert_allclose(np.asarray(MaskedGlobalAverage()(VALUES, MASK)), [[-10 / 3]])

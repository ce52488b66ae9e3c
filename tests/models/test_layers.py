"""The shared mask-aware layers, called directly on small arrays (no model, no training)."""

from __future__ import annotations

import json

import keras
import numpy as np
import pytest

from seq_pipeline.models.layers import (
    FillMissing,
    MaskedGlobalAverage,
    MaskedMaxPool1D,
    ZeroPadded,
)

# One sequence, 4 steps, 2 features; the last step is padding holding a value that would win
# any max and skew any mean if it leaked.
VALUES = np.array([[[-5.0, 1.0], [-2.0, 4.0], [-3.0, 2.0], [9.0, 100.0]]], dtype="float32")
MASK = np.array([[True, True, True, False]])
HUGE = np.float32(3e38)


def as_array(tensor) -> np.ndarray:
    return keras.ops.convert_to_numpy(tensor)


def test_fill_missing_uses_each_features_value_only_where_nan():
    x = np.array([[[np.nan, 2.0], [0.0, np.nan], [-7.5, np.inf]]], dtype="float32")
    out = as_array(FillMissing([10.0, -1.0])(x))
    # Zero, negative and infinite values are real data: only NaN is missing.
    np.testing.assert_array_equal(out, [[[10.0, 2.0], [0.0, -1.0], [-7.5, np.inf]]])
    assert out.dtype == np.float32


def test_fill_missing_computes_in_the_layers_dtype():
    # Mixed precision: the float32 fill constants must not promote a float16 layer's output.
    x = np.array([[[np.nan], [1.5]]], dtype="float16")
    out = as_array(FillMissing([0.25], dtype="float16")(x))
    assert out.dtype == np.float16
    np.testing.assert_array_equal(out.ravel(), [0.25, 1.5])


def test_zero_padded_zeroes_every_feature_of_padded_steps_only():
    x = VALUES.copy()
    x[0, 3, 0] = np.nan  # padding may hold anything, NaN included
    out = as_array(ZeroPadded()(x, MASK))
    expected = VALUES.copy()
    expected[0, 3] = 0.0
    np.testing.assert_array_equal(out, expected)
    assert out.shape == VALUES.shape and out.dtype == np.float32


def test_zero_padded_accepts_an_integer_mask():
    out = as_array(ZeroPadded()(VALUES, MASK.astype("int32")))
    np.testing.assert_array_equal(out[0, :, 1], [1.0, 4.0, 2.0, 0.0])


def test_masked_max_pool_never_lets_padding_win():
    # Unmasked, the padded 9 / 100 would win at step 2; the window is clipped at the border.
    pooled = as_array(MaskedMaxPool1D(3)(VALUES, MASK))
    np.testing.assert_array_equal(pooled, [[[-2.0, 4.0], [-2.0, 4.0], [-2.0, 4.0], [0.0, 0.0]]])
    assert pooled.shape == VALUES.shape and pooled.dtype == np.float32


def test_masked_max_pool_ignores_a_huge_padded_value_between_real_neighbours():
    x = np.array([[[-1.0], [HUGE], [-3.0], [-4.0]]], dtype="float32")
    mask = np.array([[True, False, True, True]])
    pooled = as_array(MaskedMaxPool1D(3)(x, mask)).ravel()
    np.testing.assert_array_equal(pooled, [-1.0, 0.0, -3.0, -3.0])


def test_masked_max_pool_window_follows_pool_size():
    x = np.array([[[5.0], [0.0], [0.0], [0.0], [0.0], [7.0]]], dtype="float32")
    mask = np.ones((1, 6), dtype=bool)
    np.testing.assert_array_equal(as_array(MaskedMaxPool1D(3)(x, mask)).ravel(), [5, 5, 0, 0, 7, 7])
    np.testing.assert_array_equal(as_array(MaskedMaxPool1D(5)(x, mask)).ravel(), [5, 5, 5, 7, 7, 7])
    assert MaskedMaxPool1D().pool_size == 3


def test_masked_max_pool_computes_in_the_layers_dtype():
    x = np.array([[[1.0], [-2.0], [8.0]]], dtype="float16")
    pooled = as_array(MaskedMaxPool1D(dtype="float16")(x, np.array([[True, True, False]])))
    assert pooled.dtype == np.float16
    np.testing.assert_array_equal(pooled.ravel(), [1.0, 1.0, 0.0])


def test_masked_max_pool_of_an_all_padded_sequence_is_zero():
    x = np.full((2, 3, 1), -HUGE, dtype="float32")
    x[1] = [[1.0], [2.0], [3.0]]
    mask = np.array([[False, False, False], [True, True, True]])
    pooled = as_array(MaskedMaxPool1D(3)(x, mask))
    np.testing.assert_array_equal(pooled[:, :, 0], [[0.0, 0.0, 0.0], [2.0, 3.0, 3.0]])


def test_masked_average_divides_by_each_sequences_real_steps():
    x = np.array(
        [
            [[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [900.0, 900.0]],  # 3 real steps of 4
            [[4.0, -8.0], [900.0, 900.0], [900.0, 900.0], [900.0, 900.0]],  # 1 real step
            [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [6.0, 6.0]],  # no padding
        ],
        dtype="float32",
    )
    mask = np.array([[1, 1, 1, 0], [1, 0, 0, 0], [1, 1, 1, 1]], dtype=bool)
    out = as_array(MaskedGlobalAverage()(x, mask))
    np.testing.assert_allclose(out, [[2.0, 20.0], [4.0, -8.0], [3.0, 3.0]], rtol=1e-6)
    assert out.shape == (3, 2) and out.dtype == np.float32


def test_masked_average_treats_the_mask_as_booleans_not_weights():
    x = np.array([[[1.0], [5.0], [100.0]]], dtype="float32")
    # Weighting by the mask would give (1·1 + 5·3) / 4 = 4; any nonzero marks one real step.
    out = as_array(MaskedGlobalAverage()(x, np.array([[1, 3, 0]], dtype="int32")))
    np.testing.assert_array_equal(out, [[3.0]])


def test_masked_average_of_an_all_padded_sequence_is_zero_not_nan():
    x = np.full((1, 3, 2), 5.0, dtype="float32")
    out = as_array(MaskedGlobalAverage()(x, np.zeros((1, 3), dtype=bool)))
    np.testing.assert_array_equal(out, [[0.0, 0.0]])


def test_masked_average_computes_in_the_layers_dtype():
    x = np.array([[[1.0], [2.0], [6.0]]], dtype="float16")
    out = as_array(MaskedGlobalAverage(dtype="float16")(x, np.array([[True, True, False]])))
    assert out.dtype == np.float16
    np.testing.assert_array_equal(out, [[1.5]])


def test_layers_take_the_mask_as_an_input_not_keras_implicit_masking():
    # The step mask is an explicit call argument; no layer consumes or emits a Keras mask, so
    # nothing downstream can silently pick up a stale one.
    for layer in (ZeroPadded(), MaskedMaxPool1D(), MaskedGlobalAverage(), FillMissing([0.0])):
        assert not layer.supports_masking
        assert layer.compute_mask(VALUES, None) is None


@pytest.mark.parametrize(
    ("layer", "attributes"),
    [
        (FillMissing(np.array([1, -2]), name="fill"), {"values": [1.0, -2.0]}),
        (MaskedMaxPool1D(pool_size=5.0, name="pool"), {"pool_size": 5}),
        (ZeroPadded(name="zero"), {}),
        (MaskedGlobalAverage(name="average"), {}),
    ],
)
def test_layers_round_trip_through_keras_serialization(layer, attributes):
    config = layer.get_config()
    for key, value in attributes.items():
        assert config[key] == value
        # Plain Python numbers (JSON in a .keras file), not numpy scalars.
        stored = config[key] if isinstance(value, list) else [config[key]]
        wanted = value if isinstance(value, list) else [value]
        assert [type(v) for v in stored] == [type(v) for v in wanted]
    stored = json.loads(json.dumps(keras.saving.serialize_keras_object(layer)))
    assert stored["registered_name"] == f"seq_pipeline>{type(layer).__name__}"
    restored = keras.saving.deserialize_keras_object(stored, safe_mode=True)
    assert type(restored) is type(layer) and restored.name == layer.name
    for key, value in attributes.items():
        assert getattr(restored, key) == value
    if isinstance(layer, FillMissing):
        np.testing.assert_array_equal(
            as_array(restored(np.array([[[np.nan, np.nan]]], dtype="float32"))), [[[1.0, -2.0]]]
        )
    else:
        np.testing.assert_array_equal(
            as_array(restored(VALUES, MASK)), as_array(layer(VALUES, MASK))
        )

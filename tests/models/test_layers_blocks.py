"""The blocks every architecture is assembled from (layers.py): inputs, fill-and-scale, head."""

from __future__ import annotations

import keras
import numpy as np

from seq_pipeline.models.layers import (
    FillMissing,
    Preprocessing,
    binary_head,
    fill_and_scale,
    model_io,
)

X = np.array([[[np.nan, 3.0], [5.0, np.nan]]], dtype="float32")


def block_model(preprocessing: Preprocessing) -> keras.Model:
    values = keras.Input(shape=(2, 2))
    return keras.Model(values, fill_and_scale(values, preprocessing))


def test_model_io_names_shapes_and_dtypes():
    values, mask = model_io(7, 3)
    assert values.name == "values" and mask.name == "mask"
    assert tuple(values.shape) == (None, 7, 3) and tuple(mask.shape) == (None, 7)
    assert values.dtype == "float32" and mask.dtype == "bool"


def test_fill_and_scale_without_statistics_only_fills():
    model = block_model(Preprocessing(fill_values=[1.0, -1.0]))
    assert [layer.name for layer in model.layers[1:]] == ["fill_missing"]
    assert isinstance(model.get_layer("fill_missing"), FillMissing)
    np.testing.assert_array_equal(model(X), [[[1.0, 3.0], [5.0, -1.0]]])


def test_fill_and_scale_fills_then_standardizes_with_training_std():
    # std 2 and 4 (variance 4 and 16): dividing by the variance or the std would differ.
    model = block_model(Preprocessing(fill_values=[1.0, -1.0], mean=[1.0, 3.0], std=[2.0, 4.0]))
    assert [layer.name for layer in model.layers[1:]] == ["fill_missing", "scale"]
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(model(X)), [[[0.0, 0.0], [2.0, -1.0]]], atol=1e-6
    )


def test_fill_and_scale_accepts_numpy_statistics():
    stats = Preprocessing(
        fill_values=np.array([0.0, 0.0]), mean=np.array([0.0, 1.0]), std=np.array([0.5, 1.0])
    )
    out = keras.ops.convert_to_numpy(block_model(stats)(np.ones((1, 2, 2), dtype="float32")))
    np.testing.assert_allclose(out, np.broadcast_to([2.0, 0.0], (1, 2, 2)), atol=1e-6)


def test_fill_and_scale_squares_the_std_in_double_precision():
    # 300² overflows float16 (max 65504): statistics stored in low precision must still scale.
    stats = Preprocessing(fill_values=[0.0], mean=[0.0], std=np.array([300.0], dtype="float16"))
    values = keras.Input(shape=(1, 1))
    model = keras.Model(values, fill_and_scale(values, stats))
    np.testing.assert_allclose(np.ravel(model.get_layer("scale").variance), [90000.0])
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(model(np.array([[[600.0]]], dtype="float32"))), [[[2.0]]]
    )


def test_preprocessing_defaults_to_no_scaling():
    stats = Preprocessing(fill_values=[0.0])
    assert stats.mean is None and stats.std is None


def head_model(**kwargs) -> keras.Model:
    features = keras.Input(shape=(3,))
    return keras.Model(features, binary_head(features, **kwargs))


def test_binary_head_is_one_sigmoid_probability_without_dropout_by_default():
    model = head_model()
    assert [layer.name for layer in model.layers[1:]] == ["probability"]
    dense = model.get_layer("probability")
    assert dense.units == 1 and dense.get_config()["activation"] == "sigmoid"
    assert tuple(model.output.shape) == (None, 1)
    out = keras.ops.convert_to_numpy(model(np.array([[50.0, -50.0, 9.0]] * 4, dtype="float32")))
    assert ((out >= 0) & (out <= 1)).all()


def test_binary_head_adds_dropout_of_the_given_rate_before_the_output():
    model = head_model(dropout=0.25)
    assert [layer.name for layer in model.layers[1:]] == ["head_dropout", "probability"]
    assert model.get_layer("head_dropout").rate == 0.25
    assert [layer.name for layer in head_model(dropout=0.0).layers[1:]] == ["probability"]

"""The registry (models/__init__.py): the input dict every model takes and how it is compiled."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.models import build_model, model_inputs
from seq_pipeline.models.registry import names


def test_model_inputs_keys_dtypes_and_values():
    x = np.array([[[1.5, np.nan], [-2.25, 4.0]]], dtype="float64")
    mask = np.array([[1, 0]], dtype="int64")
    inputs = model_inputs(x, mask)
    assert list(inputs) == ["values", "mask"]
    assert inputs["values"].dtype == np.float32 and inputs["mask"].dtype == np.bool_
    # NaN stays NaN: filling is the model's job (FillMissing), with training-set values.
    np.testing.assert_array_equal(inputs["values"], x.astype("float32"))
    np.testing.assert_array_equal(inputs["mask"], [[True, False]])
    assert x.dtype == np.float64 and mask.dtype == np.int64  # inputs are not modified


def test_unknown_architecture_is_refused_before_keras_builds_anything():
    refused = r"^Unknown architecture 'transformer'; choose one of"
    with pytest.raises(ValueError, match=refused) as e:
        build_model("transformer", n_steps=3, n_features=1, fill_values=[0.0])
    assert str(names()) in str(e.value)


def test_build_model_compiles_for_binary_classification():
    model = build_model(
        "bilstm",
        n_steps=3,
        n_features=2,
        fill_values=[0.5, -0.5],
        mean=[1.0, 2.0],
        std=[2.0, 4.0],
        learning_rate=0.05,
        lstm_units=2,
        dense_units=2,
    )
    config = model.get_compile_config()
    assert config["loss"] == "binary_crossentropy"
    assert config["metrics"][0] == "accuracy"
    assert config["metrics"][1]["class_name"] == "AUC"
    assert config["metrics"][1]["config"]["name"] == "auc"
    assert len(config["metrics"]) == 2
    assert config["optimizer"]["class_name"] == "Adam"
    assert float(model.optimizer.learning_rate) == pytest.approx(0.05)
    # The architecture's own sizes and the carried statistics reach the layers.
    assert model.name == "bilstm" and model.get_layer("dense").units == 2
    shapes = {tensor.name: tuple(tensor.shape) for tensor in model.inputs}
    assert shapes == {"values": (None, 3, 2), "mask": (None, 3)}
    assert model.get_layer("fill_missing").values == [0.5, -0.5]
    np.testing.assert_allclose(np.ravel(model.get_layer("scale").variance), [4.0, 16.0])


def test_build_model_defaults_to_no_scaling_and_adam_1e3():
    model = build_model("bilstm", n_steps=3, n_features=1, fill_values=[0.0], lstm_units=2)
    assert [layer.name for layer in model.layers if layer.name == "scale"] == []
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-3)
    assert model.optimizer.clipnorm is None  # the original script's Adam: no clipping


def test_gradient_clipping_reaches_the_optimizer():
    model = build_model(
        "bilstm", n_steps=3, n_features=1, fill_values=[0.0], lstm_units=2, clipnorm=0.5
    )
    assert model.optimizer.clipnorm == pytest.approx(0.5)


def test_every_model_in_a_process_logs_auc_under_the_same_name():
    # Keras numbers auto-named metrics (auc, auc_1, ...); the stored training history keys its
    # curves by metric name, so a second model in one session (auto selection) must log "auc".
    names = [
        build_model(
            "bilstm", n_steps=3, n_features=1, fill_values=[0.0], lstm_units=2
        ).get_compile_config()["metrics"][1]["config"]["name"]
        for _ in range(2)
    ]
    assert names == ["auc", "auc"]

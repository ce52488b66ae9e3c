"""The add-a-model recipe (docs/architecture.md, "Where to add…"): a module, a registry line.

A toy architecture registered here is accepted by `train_options`, trains one epoch through
the train node and reaches the model card, with nothing else in the project changed.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from seq_pipeline.core.preprocessing import fit_scaler
from seq_pipeline.models.layers import Preprocessing, binary_head, fill_and_scale, model_io
from seq_pipeline.models.registry import REGISTRY, Architecture, names, register
from seq_pipeline.pipelines.train.nodes import train_model
from seq_pipeline.pipelines.train.options import TrainOptions


class ToySizes(BaseModel):
    """The toy's only size."""

    model_config = ConfigDict(extra="forbid")

    units: int = Field(default=3, gt=0)


def build(n_steps: int, n_features: int, preprocessing: Preprocessing, units: int = 3):
    """Flatten the scaled steps → Dense(units) → probability."""
    values, mask = model_io(n_steps, n_features)
    x = keras.layers.Flatten()(fill_and_scale(values, preprocessing))
    x = keras.layers.Dense(units, activation="relu", name="toy_dense")(x)
    return keras.Model(inputs={"values": values, "mask": mask}, outputs=binary_head(x))


@pytest.fixture
def toy():
    register(Architecture("toy", ToySizes, f"{__name__}:build", "toy"))
    yield
    REGISTRY.pop("toy")


def test_an_unregistered_name_is_refused_with_the_registered_ones():
    with pytest.raises(ValidationError, match=r"Unknown architecture 'toy'; choose one of"):
        TrainOptions(architecture="toy")
    with pytest.raises(ValidationError, match="Unknown architecture 'toy'"):
        TrainOptions(auto_candidates=["bilstm", "toy"])


def test_a_name_is_registered_once(toy):
    with pytest.raises(ValueError, match="already registered"):
        register(Architecture("toy", ToySizes, f"{__name__}:build", "toy"))
    with pytest.raises(ValueError, match="already registered"):
        register(Architecture("auto", ToySizes, f"{__name__}:build", None))


@pytest.mark.slow
def test_a_registered_toy_trains_one_epoch_through_the_train_node(toy, sequences, split):
    assert names()[-1] == "toy"
    options = TrainOptions(architecture="toy", epochs=1, batch_size=64, verbose=0)
    assert TrainOptions(auto_candidates=["toy", "bilstm"]).auto_candidates == ["toy", "bilstm"]
    model, history = train_model(sequences, split, fit_scaler(sequences, split), options, 1)
    assert history["architecture"] == "toy" and history["epochs_run"] == 1
    assert model.get_layer("toy_dense").units == ToySizes().units
    assert history["model_card"]["sizes"] == {"units": 3}
    n_steps, n_features = sequences["X"].shape[1:]
    probability = model.predict(
        {"values": sequences["X"][:4], "mask": sequences["mask"][:4]}, verbose=0
    )
    assert probability.shape == (4, 1) and np.all((probability >= 0) & (probability <= 1))
    shapes = {tensor.name: tuple(tensor.shape) for tensor in model.inputs}
    assert shapes["values"] == (None, n_steps, n_features)

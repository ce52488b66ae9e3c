"""Every architecture: builds, learns a little, round-trips through KerasModelDataset."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from seq_pipeline.datasets.keras_model import KerasModelDataset
from seq_pipeline.models import build_model, model_inputs
from seq_pipeline.models.registry import names

# Small sizes so each test takes seconds on two CPU cores.
TINY = {
    "bilstm": {"lstm_units": 4, "dense_units": 3},
    "lstm_fcn": {"lstm_units": 4, "filters": (8, 8, 8), "kernel_sizes": (5, 3, 3)},
    "inception": {"filters": 4, "depth": 3, "kernel_sizes": (8, 4, 2), "bottleneck": 4},
    "minirocket": {"num_features": 168, "max_dilations": 2},
}


def tiny_model(architecture: str, n_steps: int = 12, learning_rate: float = 0.01):
    return build_model(
        architecture,
        n_steps=n_steps,
        n_features=2,
        fill_values=[0.5, -0.5],
        mean=[1.0, 2.0],
        std=[3.0, 4.0],
        learning_rate=learning_rate,
        **TINY[architecture],
    )


def tiny_data(n: int = 48, n_steps: int = 12, seed: int = 0):
    """Label = whether feature 0 rises over the sequence; ragged lengths, some NaN."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    t = np.linspace(-1, 1, n_steps)
    x = rng.normal(0, 0.3, size=(n, n_steps, 2)).astype("float32")
    x[:, :, 0] += np.where(y[:, None] == 1, t, -t) * 3 + 1
    mask = np.ones((n, n_steps), dtype=bool)
    mask[::3, 9:] = False
    x[~mask] = 0.0
    x[1, 2, 1] = np.nan
    return x, mask, y.astype("float32")


def test_unknown_architecture_is_named_in_the_error():
    with pytest.raises(ValueError, match=r"'transformer'.*bilstm"):
        build_model("transformer", n_steps=3, n_features=1, fill_values=[0.0])


@pytest.mark.slow
@pytest.mark.parametrize("architecture", names())
def test_every_architecture_trains_and_round_trips_in_safe_mode(architecture, tmp_path):
    keras.utils.set_random_seed(0)
    model = tiny_model(architecture)
    x, mask, y = tiny_data()
    history = model.fit(model_inputs(x, mask), y, batch_size=16, epochs=2, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert model.get_layer("fill_missing") is not None
    assert model.get_layer("scale") is not None

    expected = model.predict(model_inputs(x, mask), verbose=0)
    assert np.isfinite(expected).all() and expected.shape == (len(y), 1)
    dataset = KerasModelDataset(filepath=str(tmp_path / f"{architecture}.keras"))
    dataset.save(model)
    loaded = dataset.load()  # safe_mode=True: registered layers only, no Lambda
    np.testing.assert_allclose(
        loaded.predict(model_inputs(x, mask), verbose=0), expected, atol=1e-6
    )


def test_gradient_clipping_reaches_the_optimizer_and_is_off_by_default():
    clipped = build_model("bilstm", n_steps=3, n_features=1, fill_values=[0.0], clipnorm=1.0)
    assert clipped.optimizer.clipnorm == 1.0
    plain = build_model("bilstm", n_steps=3, n_features=1, fill_values=[0.0])
    assert plain.optimizer.clipnorm is None


@pytest.mark.parametrize("architecture", ["lstm_fcn", "inception"])
def test_batch_norm_statistics_follow_a_short_fit(architecture):
    # Moving statistics must track within a few dozen steps (momentum 0.9, not Keras' 0.99).
    norms = [
        layer
        for layer in tiny_model(architecture).layers
        if isinstance(layer, keras.layers.BatchNormalization)
    ]
    assert norms and all(layer.momentum == 0.9 for layer in norms)

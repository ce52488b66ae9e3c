"""Padded steps do not change a prediction, for every architecture."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from seq_pipeline.models import build_model, model_inputs
from seq_pipeline.models.registry import names

SIZES = {
    "bilstm": {"lstm_units": 8, "dense_units": 4},
    "lstm_fcn": {"lstm_units": 4, "filters": (8, 8, 8), "kernel_sizes": (8, 5, 3)},
    "inception": {"filters": 4, "depth": 6, "kernel_sizes": (8, 4, 2), "bottleneck": 4},
    "minirocket": {"num_features": 168, "max_dilations": 1},
}


@pytest.mark.parametrize("architecture", names())
def test_extra_padding_does_not_change_prediction(architecture):
    def model(steps: int):
        return build_model(
            architecture,
            n_steps=steps,
            n_features=2,
            fill_values=[0.0, 0.0],
            mean=[0.1, -0.2],
            std=[1.5, 0.5],
            **SIZES[architecture],
        )

    keras.utils.set_random_seed(0)
    short, long = model(10), model(16)
    long.set_weights(short.get_weights())
    rng = np.random.default_rng(0)
    x = np.zeros((3, 16, 2), dtype=np.float32)
    mask = np.zeros((3, 16), dtype=bool)
    for i, length in enumerate((6, 9, 10)):
        x[i, :length] = rng.standard_normal((length, 2))
        mask[i, :length] = True
    # Garbage in padded steps must be ignored as well as zeros.
    x_garbage = x.copy()
    x_garbage[~mask] = 1e3

    # Each sequence alone, cut to its own length, through a model of that length: no padding.
    p_exact = []
    for i, length in enumerate((6, 9, 10)):
        exact = model(length)
        exact.set_weights(short.get_weights())
        p_exact.append(
            exact.predict(model_inputs(x[i : i + 1, :length], mask[i : i + 1, :length]), verbose=0)
        )
    p_exact = np.concatenate(p_exact)
    p_short = short.predict(model_inputs(x[:, :10], mask[:, :10]), verbose=0)
    p_long = long.predict(model_inputs(x, mask), verbose=0)
    p_garbage = long.predict(model_inputs(x_garbage, mask), verbose=0)
    assert np.allclose(p_exact, p_short, atol=1e-5)
    assert np.allclose(p_short, p_long, atol=1e-5)
    assert np.allclose(p_short, p_garbage, atol=1e-5)
    # The mask matters: treating the padding as real steps changes the prediction.
    p_unmasked = long.predict(model_inputs(x_garbage, np.ones_like(mask)), verbose=0)
    assert not np.allclose(p_short, p_unmasked, atol=1e-3)

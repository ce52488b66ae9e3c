"""Padded steps do not change a prediction: the BiLSTM honours the mask."""

from __future__ import annotations

import keras
import numpy as np


def test_extra_padding_does_not_change_prediction():
    from seq_pipeline.pipelines.train.model import build_model, model_inputs

    def model(steps: int):
        return build_model(steps, 2, [0.0, 0.0], [0.1, -0.2], [1.5, 0.5], 8, 4, 0.0, 1e-3)

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

    p_short = short.predict(model_inputs(x[:, :10], mask[:, :10]), verbose=0)
    p_long = long.predict(model_inputs(x, mask), verbose=0)
    p_garbage = long.predict(model_inputs(x_garbage, mask), verbose=0)
    assert np.allclose(p_short, p_long, atol=1e-5)
    assert np.allclose(p_short, p_garbage, atol=1e-5)
    # The mask matters: treating the padding as real steps changes the prediction.
    p_unmasked = long.predict(model_inputs(x_garbage, np.ones_like(mask)), verbose=0)
    assert not np.allclose(p_short, p_unmasked, atol=1e-3)

"""The Keras model: missing-value fill, and a `.keras` round trip through kedro-datasets."""

from __future__ import annotations

import numpy as np
import pytest
from kedro_datasets.tensorflow import TensorFlowModelDataset

from seq_pipeline.pipelines.train.model import FillMissing, build_model, model_inputs


def test_fill_missing_replaces_only_nan():
    layer = FillMissing([10.0, -1.0])
    x = np.array([[[np.nan, 2.0], [3.0, np.nan]]], dtype="float32")
    np.testing.assert_array_equal(np.asarray(layer(x)), [[[10.0, 2.0], [3.0, -1.0]]])


@pytest.mark.slow
def test_model_with_custom_layer_round_trips_in_safe_mode(tmp_path):
    model = build_model(
        n_steps=6,
        n_features=2,
        fill_values=[0.5, 0.5],
        mean=[1.0, 2.0],
        std=[3.0, 4.0],
        lstm_units=4,
        dense_units=3,
        dropout=0.1,
        learning_rate=1e-3,
    )
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 6, 2)).astype("float32")
    x[0, 1, 0] = np.nan
    mask = np.ones((5, 6), dtype=bool)
    mask[:, 4:] = False
    expected = model.predict(model_inputs(x, mask), verbose=0)

    dataset = TensorFlowModelDataset(filepath=str(tmp_path / "model.keras"))
    dataset.save(model)
    loaded = dataset.load()  # safe_mode=True: no Lambda layers, registered classes only
    np.testing.assert_allclose(
        loaded.predict(model_inputs(x, mask), verbose=0), expected, atol=1e-6
    )
    assert np.isfinite(expected).all()

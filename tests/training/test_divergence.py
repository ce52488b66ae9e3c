"""Training that diverges ends in an error naming the learning rate and clipping (NaN loss), or
in a diagnosis that names them (a finite loss that explodes). Tiny data, at most 3 epochs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from seq_pipeline.core.errors import ParameterError
from seq_pipeline.pipelines.diagnose.nodes import check_training_health
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from tests.pipelines.ingest.factory import TINY_TRAIN, event_arrays

pytestmark = pytest.mark.slow


def fit(learning_rate: float, **options: object):
    from seq_pipeline.training.fit import fit_architecture

    x, y = event_arrays(48, 10)
    sequences = {
        "X": x.astype("float32"),
        "mask": np.ones(x.shape[:2], bool),
        "y": y,
        "feature_names": np.array(["a", "b"]),
    }
    scaler = {"mean": [0.0] * x.shape[2], "std": [1.0] * x.shape[2]}
    train_options = TINY_TRAIN.model_copy(
        update={"learning_rate": learning_rate, "epochs": 3, **options}
    )
    return fit_architecture(
        "bilstm", sequences, np.arange(36), np.arange(36, 48), scaler, train_options, seed=7
    )


def test_a_nan_loss_stops_training_naming_learning_rate_and_clipping():
    with pytest.raises(ParameterError) as info:
        fit(1e30)
    message = str(info.value)
    assert "training diverged: the training loss became nan in epoch 1" in message
    assert "train_options.learning_rate=1e+30" in message
    assert "train_options.gradient_clip_norm=None" in message
    assert "Input contains NaN" not in message


def test_an_exploding_finite_loss_is_diagnosed_with_its_cause():
    model, record = fit(1e9)
    record["options"] = {"learning_rate": 1e9, "gradient_clip_norm": None}
    assert all(np.isfinite(record["history"]["loss"]))
    test = pd.DataFrame(
        {
            "split": ["test"] * 12,
            "probability": model.predict(
                {"values": np.zeros((12, 10, 2), "float32"), "mask": np.ones((12, 10), bool)},
                verbose=0,
            ).ravel(),
        }
    )
    metrics = {"threshold": 0.5, "train": {"balanced_accuracy": 0.5}, "val": {}}
    found = check_training_health(record, test, metrics, DiagnoseOptions())
    assert found["loss_diverged"] is True, record["history"]["loss"]
    assert found["learning_rate"] == 1e9

"""A tiny model configuration so training tests take seconds."""

from __future__ import annotations

import pytest

from seq_pipeline.pipelines.train.options import TrainOptions


@pytest.fixture
def tiny_options() -> TrainOptions:
    return TrainOptions(
        lstm_units=8,
        dense_units=4,
        batch_size=32,
        epochs=2,
        learning_rate=0.01,
        tensorboard_dir=None,
        verbose=0,
    )

"""A tiny BiLSTM on 10 steps × 2 standardized features, for tests of the training machinery."""

from __future__ import annotations


def tiny_bilstm(dropout: float = 0.0, learning_rate: float = 1e-2):
    from seq_pipeline.models import build_model

    return build_model(
        "bilstm",
        n_steps=10,
        n_features=2,
        fill_values=[0.0, 0.0],
        mean=[0.0, 0.0],
        std=[1.0, 1.0],
        lstm_units=8,
        dense_units=4,
        dropout=dropout,
        learning_rate=learning_rate,
    )

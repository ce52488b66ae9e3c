"""The default model, the common BiLSTM baseline: Bidirectional LSTM → Dense(relu) → probability.

The mask goes to the LSTM, which skips padded steps, so padding never changes a prediction.
"""

from __future__ import annotations

import keras

from seq_pipeline.models.layers import Preprocessing, binary_head, fill_and_scale, model_io


def build(
    n_steps: int,
    n_features: int,
    preprocessing: Preprocessing,
    lstm_units: int = 128,
    dense_units: int = 50,
    dropout: float = 0.0,
) -> keras.Model:
    """Bidirectional LSTM over the real steps, one hidden dense layer, sigmoid output."""
    values, mask = model_io(n_steps, n_features)
    x = fill_and_scale(values, preprocessing)
    x = keras.layers.Bidirectional(keras.layers.LSTM(lstm_units), name="bilstm")(x, mask=mask)
    if dropout > 0:
        x = keras.layers.Dropout(dropout)(x)
    x = keras.layers.Dense(dense_units, activation="relu", name="dense")(x)
    output = binary_head(x)
    return keras.Model(inputs={"values": values, "mask": mask}, outputs=output, name="bilstm")

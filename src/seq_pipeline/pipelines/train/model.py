"""The BiLSTM classifier, in Keras 3 APIs only so any backend (TF, JAX, PyTorch) can train it.

The model takes two inputs, `values` (N, T, F) and a boolean `mask` (N, T), and carries its
own preprocessing (missing-value fill and per-feature scaling from training rows), so a
saved `.keras` file cannot be used with the wrong statistics.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
import numpy as np


@keras.saving.register_keras_serializable(package="seq_pipeline")
class FillMissing(keras.layers.Layer):
    """Replaces NaN feature values with per-feature constants (training-set means)."""

    def __init__(self, values: Sequence[float], **kwargs):
        super().__init__(**kwargs)
        self.values = [float(v) for v in values]

    def call(self, inputs):
        fill = keras.ops.cast(keras.ops.convert_to_tensor(self.values), inputs.dtype)
        return keras.ops.where(keras.ops.isnan(inputs), fill, inputs)

    def get_config(self) -> dict:
        return {**super().get_config(), "values": self.values}


def build_model(
    n_steps: int,
    n_features: int,
    fill_values: Sequence[float],
    mean: Sequence[float] | None,
    std: Sequence[float] | None,
    lstm_units: int,
    dense_units: int,
    dropout: float,
    learning_rate: float,
) -> keras.Model:
    """Bidirectional LSTM → Dense(relu) → Dense(1, sigmoid); scaling only if `mean` is given."""
    values = keras.Input(shape=(n_steps, n_features), name="values")
    mask = keras.Input(shape=(n_steps,), dtype="bool", name="mask")
    x = FillMissing(fill_values, name="fill_missing")(values)
    if mean is not None:
        variance = np.square(np.asarray(std, dtype="float64"))
        x = keras.layers.Normalization(mean=list(mean), variance=list(variance), name="scale")(x)
    x = keras.layers.Bidirectional(keras.layers.LSTM(lstm_units), name="bilstm")(x, mask=mask)
    if dropout > 0:
        x = keras.layers.Dropout(dropout)(x)
    x = keras.layers.Dense(dense_units, activation="relu", name="dense")(x)
    output = keras.layers.Dense(1, activation="sigmoid", name="probability")(x)
    model = keras.Model(inputs={"values": values, "mask": mask}, outputs=output, name="bilstm")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="binary_crossentropy",
        metrics=["accuracy", keras.metrics.AUC(name="auc")],
    )
    return model


def model_inputs(x: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
    """The model's input dict from canonical tensors."""
    return {"values": x.astype("float32"), "mask": mask.astype(bool)}

"""Models: every architecture takes {"values": (N, T, F), "mask": (N, T)} and returns the
probability of the positive class; each carries the same fill-and-scale block.

The architectures are listed once, in `models.registry`. Importing this package does not
import Keras; building a model does.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from seq_pipeline.models.registry import architecture as registered


def build_model(
    architecture: str,
    *,
    n_steps: int,
    n_features: int,
    fill_values: Any,
    mean: Any = None,
    std: Any = None,
    learning_rate: Any = 1e-3,
    clipnorm: float | None = None,
    **sizes: Any,
):
    """Build and compile `architecture` for binary classification.

    `learning_rate` may be a number or a Keras learning-rate schedule; `sizes` are the
    architecture's own keyword arguments (units, filters, ...). `clipnorm` caps each
    gradient's norm (an LSTM over long sequences otherwise has rare exploding steps).
    """
    build = registered(architecture).build_function()
    import keras  # noqa: PLC0415 - heavy import, only when a model is built

    from seq_pipeline.models.layers import Preprocessing  # noqa: PLC0415

    preprocessing = Preprocessing(fill_values=fill_values, mean=mean, std=std)
    model = build(n_steps, n_features, preprocessing, **sizes)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate, clipnorm=clipnorm),
        loss="binary_crossentropy",
        metrics=["accuracy", keras.metrics.AUC(name="auc")],
    )
    return model


def model_inputs(x: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
    """The model's input dict from canonical tensors."""
    return {"values": x.astype("float32"), "mask": mask.astype(bool)}


__all__ = ["build_model", "model_inputs"]

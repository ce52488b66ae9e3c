"""The closed-form head's probabilities in NumPy, as the Keras layers compute them (tests only)."""

from __future__ import annotations

import numpy as np

from seq_pipeline.models.ridge_head import LinearHead


def head_probability(head: LinearHead, features: np.ndarray, epsilon: float) -> np.ndarray:
    """sigmoid(kernel · (features − mean) / sqrt(variance + epsilon) + bias)."""
    z = (features - head.mean) / np.sqrt(head.variance + epsilon)
    return 1.0 / (1.0 + np.exp(-(z @ head.kernel + head.bias)))

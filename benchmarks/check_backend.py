"""Train the project's BiLSTM under another Keras 3 backend (e.g. PyTorch or JAX).

The model module uses Keras 3 APIs only; this proves it on a backend other than TensorFlow:
it trains, padded steps leave predictions unchanged, and the `.keras` file round-trips.
Needs only keras, numpy, pandas and the backend, not Kedro or TensorFlow:

    KERAS_BACKEND=torch python benchmarks/check_backend.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))


def main() -> None:
    import keras  # noqa: PLC0415 - after the backend is chosen by KERAS_BACKEND

    from seq_pipeline import models as m  # noqa: PLC0415 - Keras-only, no Kedro
    from seq_pipeline.core.demo import make_event_sequences, to_raw_scale  # noqa: PLC0415

    keras.utils.set_random_seed(0)
    x, y = make_event_sequences(600, 12, seed=1, pulse_height=5.0)
    x = to_raw_scale(x).astype("float32")
    mean, std = x.reshape(-1, 2).mean(0).tolist(), x.reshape(-1, 2).std(0).tolist()
    mask = np.ones(x.shape[:2], dtype=bool)
    model = m.build_model(
        "bilstm",
        n_steps=12,
        n_features=2,
        fill_values=mean,
        mean=mean,
        std=std,
        learning_rate=0.01,
        lstm_units=16,
        dense_units=8,
    )
    history = model.fit(
        m.model_inputs(x[:500], mask[:500]),
        y[:500].astype("float32"),
        epochs=5,
        batch_size=32,
        verbose=0,
    )
    p = model.predict(m.model_inputs(x[500:], mask[500:]), verbose=0).ravel()

    padded = np.concatenate([x[500:], np.zeros((100, 4, 2), "float32")], axis=1)
    padded_mask = np.concatenate([mask[500:], np.zeros((100, 4), dtype=bool)], axis=1)
    longer = m.build_model(
        "bilstm",
        n_steps=16,
        n_features=2,
        fill_values=mean,
        mean=mean,
        std=std,
        learning_rate=0.01,
        lstm_units=16,
        dense_units=8,
    )
    longer.set_weights(model.get_weights())
    p_padded = longer.predict(m.model_inputs(padded, padded_mask), verbose=0).ravel()

    with tempfile.TemporaryDirectory() as folder:
        model.save(Path(folder) / "model.keras")
        reloaded = keras.models.load_model(Path(folder) / "model.keras")
        p_reloaded = reloaded.predict(m.model_inputs(x[500:], mask[500:]), verbose=0).ravel()

    print(f"backend: {keras.backend.backend()} (keras {keras.__version__})")
    print("training loss per epoch:", [round(v, 3) for v in history.history["loss"]])
    print(f"held-out accuracy: {((p >= 0.5) == y[500:]).mean():.3f}")
    print(f"max |Δp| with 4 extra padded steps: {np.abs(p - p_padded).max():.2e}")
    print(f"max |Δp| after .keras round trip: {np.abs(p - p_reloaded).max():.2e}")


if __name__ == "__main__":
    main()

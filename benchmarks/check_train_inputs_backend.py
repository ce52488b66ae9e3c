"""The train node's input helpers under another Keras backend (JAX, PyTorch).

`training/callbacks.py` uses Keras and NumPy only. Under KERAS_BACKEND=jax (or torch)
this trains the project's BiLSTM once directly and once through its mask-free twin
(`fit_target`), with `fit_arguments` and `EpochTimes`, and checks that both give the same
weights, that the twin ignores the mask and that the model still honours it. Needs only
keras, numpy and the backend (loads the two modules by path, without Kedro or TensorFlow):

    KERAS_BACKEND=jax python benchmarks/check_train_inputs_backend.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

SRC = Path(__file__).resolve().parents[1] / "src"


def load(name: str, relative: str):
    spec = importlib.util.spec_from_file_location(name, SRC / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    import keras  # noqa: PLC0415 - after the backend is chosen by KERAS_BACKEND

    print("backend", keras.backend.backend(), "keras", keras.__version__)
    sys.path.insert(0, str(SRC))
    from seq_pipeline.models import build_model  # noqa: PLC0415 - after the backend is chosen

    inputs = load("seq_inputs", "seq_pipeline/training/callbacks.py")
    rng = np.random.default_rng(0)
    n = 96
    sequences = {
        "X": rng.standard_normal((n, 10, 2)).astype("float32"),
        "mask": np.ones((n, 10), dtype=bool),
        "y": (rng.random(n) < 0.5).astype("int8"),
    }
    split = {"train": np.arange(80), "val": np.arange(80, n)}
    weights = []
    for use_twin in (False, True):
        keras.utils.set_random_seed(0)
        model = build_model(
            "bilstm",
            n_steps=10,
            n_features=2,
            fill_values=[0.0, 0.0],
            mean=[0.0, 0.0],
            std=[1.0, 1.0],
            lstm_units=8,
            dense_units=4,
            dropout=0.0,
            learning_rate=1e-2,
        )
        target = inputs.fit_target(model, padded=not use_twin)
        timer = inputs.EpochTimes()
        history = target.fit(
            **inputs.fit_arguments(sequences, split, 16), epochs=2, verbose=0, callbacks=[timer]
        )
        print("twin" if use_twin else "model", sorted(history.history), "epoch s", timer.seconds)
        weights.append(model.get_weights())
    diff = max(float(np.abs(a - b).max()) for a, b in zip(*weights, strict=True))
    x, mask = sequences["X"][:4], sequences["mask"][:4].copy()
    mask[:, 6:] = False
    twin = inputs.fit_target(model, padded=False)
    p_twin = twin.predict({"values": x, "mask": mask}, verbose=0)
    p_true = model.predict({"values": x, "mask": np.ones_like(mask)}, verbose=0)
    p_mask = model.predict({"values": x, "mask": mask}, verbose=0)
    checks = {
        "same weights with and without the twin (max |diff| < 1e-5)": diff < 1e-5,
        "the twin ignores the mask": bool(np.allclose(p_twin, p_true, atol=1e-6)),
        "the model still honours the mask": not np.allclose(p_mask, p_true, atol=1e-3),
    }
    print(f"max |weight diff| {diff:.2e}")
    for check, ok in checks.items():
        print(("PASS " if ok else "FAIL ") + check)
    if not all(checks.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()

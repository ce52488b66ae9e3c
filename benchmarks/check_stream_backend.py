"""`ShardBatches` under another Keras backend (JAX, PyTorch): no `tf.data`, no TensorFlow.

Trains the project's BiLSTM for two epochs on batches streamed from four in-memory shards and
checks that every training row comes once per epoch, in a different order each epoch, that no
shard is read twice within an epoch, and that predictions streamed shard by shard equal
`model.predict` on the arrays. Needs keras, numpy and the backend only (the modules are loaded
by path, without Kedro):

    KERAS_BACKEND=jax python benchmarks/check_stream_backend.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))  # seq_pipeline.models and .core.shards import no Kedro

import keras  # noqa: E402

from seq_pipeline.core.shards import Shards  # noqa: E402
from seq_pipeline.models import build_model, model_inputs  # noqa: E402

SIZES = (90, 70, 60, 80)


def load_streaming():
    path = SRC / "seq_pipeline/training/shard_batches.py"
    spec = importlib.util.spec_from_file_location("streaming", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tensors(n: int) -> dict[str, np.ndarray]:
    """Learnable sequences whose first value is their row number (read back from batches)."""
    rng = np.random.default_rng(0)
    y = (rng.random(n) < 0.5).astype("int8")
    x = rng.normal(size=(n, 12, 2)).astype("float32")
    x[:, 6, 0] += 3.0 * y
    x[:, 0, 1] = np.arange(n)
    return {"X": x, "mask": np.ones((n, 12), dtype=bool), "y": y}


def in_memory_shards(data: dict[str, np.ndarray], reads: list[str]) -> Shards:
    bounds = np.cumsum([0, *SIZES])
    names = tuple(f"shard-{i}" for i in range(len(SIZES)))

    def read(name, keys):
        reads.append(name)
        i = names.index(name)
        return {
            k: v[bounds[i] : bounds[i + 1]] for k, v in data.items() if keys is None or k in keys
        }

    return Shards(names=names, sizes=SIZES, read=read)


def recording(streaming):
    """`ShardBatches` that also records the rows each epoch's batches held, in order."""

    class RecordingBatches(streaming.ShardBatches):
        epochs: list[list[int]]

        def on_epoch_begin(self):
            super().on_epoch_begin()
            self.epochs = [*getattr(self, "epochs", []), []]

        def __getitem__(self, index):
            inputs, y = super().__getitem__(index)
            if not getattr(self, "epochs", None):  # a backend peeking before the first epoch
                self.epochs = [[]]
            self.epochs[-1].extend(inputs["values"][:, 0, 1].astype(int).tolist())
            return inputs, y

    return RecordingBatches


def main() -> None:
    streaming = load_streaming()
    data, reads = tensors(sum(SIZES)), []
    shards = in_memory_shards(data, reads)
    train_rows, val_rows = np.arange(0, 250), np.arange(250, 300)
    train = recording(streaming)(shards, train_rows, 32, seed=1)
    val = streaming.ShardBatches(shards, val_rows, 1024, seed=None)
    model = build_model(
        "bilstm", n_steps=12, n_features=2, fill_values=[0, 0], lstm_units=8, dense_units=4
    )
    history = model.fit(train, validation_data=val, epochs=2, shuffle=False, verbose=0)
    epochs = [np.array(e) for e in train.epochs[-2:]]
    print("backend", keras.backend.backend(), "keras", keras.__version__)
    print("loss", [round(v, 4) for v in history.history["loss"]])
    for e, rows in enumerate(epochs):
        # Peeked batches (a backend may read ahead) show up as repeats; the set must be exact.
        print(
            f"epoch {e}: rows {len(rows)}, each training row seen: {set(rows) == set(train_rows)}"
        )
        assert set(rows) == set(train_rows.tolist())
    assert not np.array_equal(epochs[0][:250], epochs[1][:250]), "same order in both epochs"
    print("shard reads (train + validation, 2 epochs):", len(reads))

    streamed = model.predict(streaming.ShardBatches(shards, val_rows, 16, seed=None), verbose=0)
    direct = model.predict(model_inputs(data["X"][val_rows], data["mask"][val_rows]), verbose=0)
    np.testing.assert_allclose(streamed, direct, rtol=1e-5, atol=1e-6)
    print("streamed predictions == model.predict on arrays: True")


if __name__ == "__main__":
    main()

"""Where `fit_architecture` gets its data: in-memory tensors, or shards streamed from disk.

Both give the same six things — the step shape, labels of given rows, whether any of them
is padded, the `model.fit` arguments, a warm-up before the fit (shards under TensorFlow
only: tf_batches.py says why) and predictions for given rows — so one fitting function
(schedule, callbacks, class weights, early stopping, model card) serves both.
Keras is imported only when fitting or predicting, as everywhere in the train stage.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from seq_pipeline.core.shard_rows import selected_rows
from seq_pipeline.core.shards import Shards
from seq_pipeline.training.predict import predict_shard_rows

Rows = dict[str, np.ndarray]  # row numbers of the fit's parts: "train", "val"
Weights = dict[int, float] | None  # class weights of the fit


class TrainingInputs(Protocol):
    """What fitting needs from the data, whatever holds it."""

    step_shape: tuple[int, int]
    feature_names: list[str]

    def labels(self, rows: np.ndarray) -> np.ndarray: ...

    def padded(self, rows: np.ndarray) -> bool: ...

    def fit_arguments(self, rows: dict[str, np.ndarray], batch_size: int, seed: int) -> dict: ...

    def warm_up(self, model: Any, rows: Rows, batch_size: int, seed: int, weights: Weights) -> None:
        """Prepare `model` for the fit on `fit_arguments(rows, batch_size, seed)`, trained
        with class weights `weights`; the fit must start from the same state."""

    def predict(self, model: Any, rows: np.ndarray) -> np.ndarray: ...

    def values(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`X` and `mask` of `rows` (sorted), in memory: for a bounded sample only."""


class ArrayInputs:
    """Canonical tensors in memory: the simple path, for data that fits."""

    def __init__(self, sequences: dict[str, np.ndarray]):
        self.sequences = sequences
        self.step_shape = tuple(sequences["X"].shape[1:])
        self.feature_names = [str(f) for f in sequences["feature_names"]]

    def labels(self, rows: np.ndarray) -> np.ndarray:
        return self.sequences["y"][rows]

    def padded(self, rows: np.ndarray) -> bool:
        return not self.sequences["mask"][rows].all()

    def fit_arguments(self, rows: dict[str, np.ndarray], batch_size: int, seed: int) -> dict:
        from seq_pipeline.training.callbacks import fit_arguments  # noqa: PLC0415

        # Keras shuffles the arrays itself, from the seed `fit_architecture` set.
        return fit_arguments(self.sequences, rows, batch_size)

    def warm_up(self, model: Any, rows: Rows, batch_size: int, seed: int, weights: Weights) -> None:
        """Nothing to do: Keras feeds arrays to TensorFlow as tensors."""

    def values(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.sequences["X"][rows], self.sequences["mask"][rows]

    def predict(self, model: Any, rows: np.ndarray) -> np.ndarray:
        from seq_pipeline.models import model_inputs  # noqa: PLC0415

        x, mask = self.sequences["X"][rows], self.sequences["mask"][rows]
        return model.predict(model_inputs(x, mask), verbose=0).ravel()


class ShardInputs:
    """Sequences in shards, read one shard at a time: memory does not grow with their number.

    Labels (one int8 per sequence) are read once for all shards; values never are.
    """

    def __init__(self, shards: Shards):
        if len(shards) == 0:
            raise ValueError("The shard set is empty: nothing to train on")
        self.shards = shards
        first = shards.shard(0, ("X", "feature_names"))
        self.step_shape = tuple(first["X"].shape[1:])
        self.feature_names = [str(f) for f in first["feature_names"]]
        self._y = shards.column("y")

    def labels(self, rows: np.ndarray) -> np.ndarray:
        return self._y[rows]

    def values(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        parts = [a for _, a in selected_rows(self.shards, np.sort(rows), ("X", "mask"))]
        return (
            np.concatenate([a["X"] for a in parts]),
            np.concatenate([a["mask"] for a in parts]),
        )

    def label_spread(self, rows: np.ndarray) -> float:
        """Largest gap between one shard's positive rate among `rows` and the overall rate:
        near 0 when every shard looks like the whole set, as shuffled batches assume."""
        overall = float(np.mean(self._y[rows]))
        offsets = self.shards.offsets
        return max(
            abs(float(np.mean(self._y[local + offsets[i]])) - overall)
            for i, local in self.shards.rows_by_shard(rows).items()
        )

    def padded(self, rows: np.ndarray) -> bool:
        return any(not a["mask"].all() for _, a in selected_rows(self.shards, rows, ("mask",)))

    def fit_arguments(self, rows: dict[str, np.ndarray], batch_size: int, seed: int) -> dict:
        from seq_pipeline.training.callbacks import VALIDATION_BATCH_SIZE  # noqa: PLC0415
        from seq_pipeline.training.shard_batches import ShardBatches  # noqa: PLC0415

        train = ShardBatches(self.shards, rows["train"], batch_size, seed)
        val = ShardBatches(self.shards, rows["val"], max(batch_size, VALIDATION_BATCH_SIZE), None)
        if _tensorflow():
            from seq_pipeline.training import tf_batches  # noqa: PLC0415

            return tf_batches.fit_arguments(train, val, self.step_shape)
        return {
            "x": train,
            "validation_data": val,
            # The batches shuffle themselves, shard by shard; Keras shuffling batch numbers
            # would jump between shards and read one for nearly every batch.
            "shuffle": False,
        }

    def warm_up(self, model: Any, rows: Rows, batch_size: int, seed: int, weights: Weights) -> None:
        """Under TensorFlow, run the steps once on the first batch as tensors (tf_batches)."""
        if _tensorflow():
            from seq_pipeline.training import tf_batches  # noqa: PLC0415
            from seq_pipeline.training.shard_batches import ShardBatches  # noqa: PLC0415

            # From ShardBatches, not from the fit's tf.data dataset: iterating a generator
            # dataset before the warm-up undoes it (4.4 s an epoch instead of 2.9, measured).
            first = ShardBatches(self.shards, rows["train"], batch_size, seed).batch(0, 0)
            tf_batches.warm_up(model, first, weights)

    def predict(self, model: Any, rows: np.ndarray) -> np.ndarray:
        return predict_shard_rows(model, self.shards, rows)


def _tensorflow() -> bool:
    import keras  # noqa: PLC0415

    return keras.backend.backend() == "tensorflow"


def training_inputs(data: dict[str, np.ndarray] | Shards | TrainingInputs) -> TrainingInputs:
    """The inputs behind `data`: tensors in memory, a shard set, or inputs already built."""
    if isinstance(data, dict):
        return ArrayInputs(data)
    if isinstance(data, Shards):
        return ShardInputs(data)
    return data

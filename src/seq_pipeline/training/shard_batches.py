"""Batches streamed from shards for `model.fit` (imports Keras: load lazily).

`ShardBatches` is a `keras.utils.PyDataset`, so it works under every Keras backend (no
`tf.data`) and Keras' own loop drives it. Memory is one shard plus one batch, whatever the
number of sequences: an epoch visits the shards one after the other, in an order shuffled
anew every epoch, and the rows of each shard in shuffled order. A batch that straddles two
shards copies the tail of the first before the second is read, so batches keep their full
size and an epoch has as many steps as the in-memory path.

The shuffle mixes rows within a shard, not across shards, so shards whose labels are sorted
(data written class by class) would give one-class batches: `ShardInputs.label_spread`
measures that, and the streamed train node warns when it is large.
"""

from __future__ import annotations

import math

import keras
import numpy as np

from seq_pipeline.core.shards import Shards
from seq_pipeline.models import model_inputs

TENSOR_KEYS = ("X", "mask", "y")


class ShardBatches(keras.utils.PyDataset):
    """Model inputs and float32 labels for global `rows` of `shards`, in batches.

    `seed=None` keeps the rows in shard order (validation, prediction); a seed shuffles the
    shard order and the rows within each shard, differently every epoch and reproducibly.
    """

    def __init__(self, shards: Shards, rows: np.ndarray, batch_size: int, seed: int | None):
        # One worker, no multiprocessing: Keras calls `__getitem__` in order (see `_rows`).
        super().__init__(workers=1, use_multiprocessing=False)
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        self.shards = shards
        self.batch_size = batch_size
        self.seed = seed
        self.epoch = 0
        self._begun = False
        self.shard_reads = 0
        self._by_shard = shards.rows_by_shard(np.asarray(rows, dtype=np.int64))
        self._n_rows = int(sum(len(local) for local in self._by_shard.values()))
        self._plan: tuple[int, np.ndarray, np.ndarray] | None = None
        self._cached: tuple[int, dict[str, np.ndarray]] | None = None

    @property
    def num_batches(self) -> int:
        return math.ceil(self._n_rows / self.batch_size)

    def __len__(self) -> int:
        return self.num_batches

    def on_epoch_begin(self) -> None:
        # Counted at epoch starts: Keras also calls `on_epoch_end` once before the first.
        if self._begun:
            self.epoch += 1
        self._begun = True

    def epoch_order(self, epoch: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(shard, local row) of every position of `epoch` (default: the current one): the
        order batches are cut from."""
        epoch = self.epoch if epoch is None else epoch
        if self._plan is None or self._plan[0] != epoch:
            shard_ids = np.array(sorted(self._by_shard), dtype=np.int64)
            locals_ = [self._by_shard[int(i)] for i in shard_ids]
            if self.seed is not None:
                rng = np.random.default_rng([self.seed, epoch])
                order = rng.permutation(len(shard_ids))
                shard_ids = shard_ids[order]
                locals_ = [rng.permutation(locals_[i]) for i in order]
            shard_of = np.repeat(shard_ids, [len(local) for local in locals_])
            local = np.concatenate(locals_) if locals_ else np.empty(0, dtype=np.int64)
            self._plan = (epoch, shard_of, local)
        return self._plan[1], self._plan[2]

    def __getitem__(self, index: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
        return self.batch(index, self.epoch)

    def batch(self, index: int, epoch: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Batch `index` of `epoch`: what `__getitem__` gives in that epoch, for loaders that
        count epochs themselves (`tf_batches`)."""
        if not 0 <= index < self.num_batches:
            raise IndexError(f"batch {index} of {self.num_batches}")
        shard_of, local = self.epoch_order(epoch)
        window = slice(index * self.batch_size, (index + 1) * self.batch_size)
        shard_of, local = shard_of[window], local[window]
        # A batch spans at most a few consecutive runs of one shard each, in epoch order.
        starts = np.flatnonzero(np.r_[True, shard_of[1:] != shard_of[:-1]])
        parts = [
            self._rows(int(shard_of[start]), local[start:stop])
            for start, stop in zip(starts, np.r_[starts[1:], len(local)], strict=True)
        ]
        x, mask, y = (np.concatenate([part[k] for part in parts]) for k in range(3))
        return model_inputs(x, mask), y.astype(np.float32)

    def _rows(self, shard: int, local: np.ndarray) -> tuple[np.ndarray, ...]:
        # Read through a local name: TensorFlow's read-ahead may call from a second thread
        # (an iterator Keras starts, then discards, at each epoch end), and each call must
        # get the shard it asked for.
        cached = self._cached
        if cached is None or cached[0] != shard:
            self._cached = cached = None  # let the previous shard go before the next is read
            cached = self._cached = (shard, self.shards.shard(shard, TENSOR_KEYS))
            self.shard_reads += 1
        return tuple(cached[1][key][local] for key in TENSOR_KEYS)

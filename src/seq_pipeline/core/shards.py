"""Sequence tensors in shards: the form data takes when it is larger than memory.

A shard is one dict of arrays with the keys of the in-memory `primary_sequences` (X, mask,
y, ids, feature_names, and split/group when given), for a slice of the sequences. `Shards`
is what a sharded catalog entry loads: an index of shard names and sizes, each shard read
only when asked for, and per-sequence columns (labels, ids) read without touching the
values. `ShardStream` is what a node returns to write shards one at a time.

Neither touches storage itself: `ShardedNPZDataset` hands `Shards` a reader function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Keys holding one value per sequence: cheap to read for all shards at once.
PER_SEQUENCE_KEYS = ("y", "ids", "split", "group")


@dataclass(frozen=True)
class ShardStream:
    """Shards produced lazily, one at a time, for a sharded dataset to write.

    Not a generator on purpose: Kedro saves each item of a generator returned by a node as a
    separate save (a separate version here). The stream is consumed once, by the save.
    """

    produce: Callable[[], Iterable[dict[str, np.ndarray]]]
    metadata: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[dict[str, np.ndarray]]:
        return iter(self.produce())


@dataclass(frozen=True)
class Shards:
    """A loaded sharded dataset: names and sizes up front, arrays on demand."""

    names: tuple[str, ...]
    sizes: tuple[int, ...]
    read: Callable[[str, tuple[str, ...] | None], dict[str, np.ndarray]]
    metadata: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.names)

    @property
    def n_sequences(self) -> int:
        return int(sum(self.sizes))

    @property
    def offsets(self) -> np.ndarray:
        """Global index of each shard's first sequence (shard order is sequence order)."""
        return np.concatenate([[0], np.cumsum(self.sizes)[:-1]]).astype(np.int64)

    def shard(self, i: int, keys: Iterable[str] | None = None) -> dict[str, np.ndarray]:
        """Shard `i` (all keys, or only `keys`)."""
        return self.read(self.names[i], None if keys is None else tuple(keys))

    def __iter__(self) -> Iterator[dict[str, np.ndarray]]:
        for i in range(len(self)):
            yield self.shard(i)

    def column(self, key: str) -> np.ndarray:
        """One per-sequence array (labels, ids, given split or group) over all shards."""
        if key not in PER_SEQUENCE_KEYS:
            raise ValueError(f"'{key}' is not per-sequence; read it shard by shard")
        parts = [self.shard(i, (key,))[key] for i in range(len(self))]
        return np.concatenate(parts) if parts else np.empty(0)

    def rows_by_shard(self, rows: np.ndarray) -> dict[int, np.ndarray]:
        """Global row indices grouped by shard, as local indices into each shard (sorted)."""
        rows = np.sort(np.asarray(rows, dtype=np.int64))
        bounds = np.concatenate([self.offsets, [self.n_sequences]])
        shard_of = np.searchsorted(bounds, rows, side="right") - 1
        return {
            int(i): rows[shard_of == i] - bounds[i]
            for i in np.unique(shard_of)
            if (shard_of == i).any()
        }

"""Shards of the test tensors, written through the real ShardedNPZDataset, and a read counter."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import numpy as np

from seq_pipeline.core.shards import Shards
from seq_pipeline.datasets import ShardedNPZDataset

PER_FEATURE = ("feature_names",)


def shard_dicts(sequences: dict[str, np.ndarray], sizes: list[int]) -> list[dict]:
    """`sequences` cut into consecutive shards of the given sizes (they must add up)."""
    assert sum(sizes) == len(sequences["y"])
    bounds = np.cumsum([0, *sizes])
    return [
        {k: v if k in PER_FEATURE else v[a:b] for k, v in sequences.items()}
        for a, b in pairwise(bounds)
    ]


def write_shards(sequences: dict[str, np.ndarray], sizes: list[int], folder: Path) -> Shards:
    """Save `sequences` as shards under `folder` and load them back, lazily."""
    ShardedNPZDataset(filepath=str(folder)).save(shard_dicts(sequences, sizes))
    return ShardedNPZDataset(filepath=str(folder)).load()


class ReadLog:
    """Which shards were read, in order: the test of 'one shard at a time'."""

    def __init__(self, shards: Shards):
        self.names: list[str] = []
        self.keys: list[tuple | None] = []

        def read(name, keys):
            self.names.append(name)
            self.keys.append(keys)
            return shards.read(name, keys)

        self.shards = replace(shards, read=read)

    def value_reads(self) -> list[str]:
        """Shards whose values (`X`) were read."""
        return [n for n, k in zip(self.names, self.keys, strict=True) if k is None or "X" in k]

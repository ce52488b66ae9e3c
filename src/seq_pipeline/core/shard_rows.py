"""Selected rows of a shard set, one shard at a time: how every streamed node reads shards.

Scaling statistics, predictions and samples each need some global rows (a split, a sample)
out of shards that together do not fit in memory; this visits only the shards holding such
rows, in shard order, and hands over just those rows, so at most one shard is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from seq_pipeline.core.shards import Shards

# The one shard key that describes features, not sequences: the same in every shard.
PER_FEATURE_KEYS = ("feature_names",)


def selected_rows(
    shards: Shards, rows: np.ndarray, keys: Iterable[str] | None = None
) -> Iterator[tuple[np.ndarray, dict[str, np.ndarray]]]:
    """(sorted global rows, their arrays) for each shard holding some of `rows`, in order."""
    keys = None if keys is None else tuple(keys)
    offsets = shards.offsets
    for i, local in shards.rows_by_shard(rows).items():
        arrays = shards.shard(i, keys)
        yield (
            local + offsets[i],
            {
                key: value if key in PER_FEATURE_KEYS else value[local]
                for key, value in arrays.items()
            },
        )


def in_given_order(rows: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Values computed for `np.sort(rows)` (what `selected_rows` yields), back in `rows` order."""
    rows = np.asarray(rows)
    values = np.empty_like(sorted_values)
    values[np.argsort(rows, kind="stable")] = sorted_values
    return values

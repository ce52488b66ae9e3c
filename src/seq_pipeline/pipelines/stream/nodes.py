"""A bounded, seeded, stratified sample of sharded tensors, in the in-memory form.

The audit and the diagnosis compare rows with each other (near copies, baselines, shift,
permutations): they need tensors in memory, and their conclusions do not need every row.
They run unchanged on this sample; what the sample changes is written in docs/streaming.md.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from seq_pipeline.core.shard_rows import selected_rows
from seq_pipeline.core.shards import Shards
from seq_pipeline.pipelines.stream.options import StreamOptions

logger = logging.getLogger(__name__)


def sample_rows(y: np.ndarray, split: dict[str, np.ndarray], cap: int, seed: int) -> dict:
    """Global rows of each split, sampled within every (split, class) cell in proportion to
    its size, at least one row per non-empty cell; everything when it fits under `cap`."""
    total = sum(len(rows) for rows in split.values())
    rng = np.random.default_rng(seed)
    sampled = {}
    for name, given in split.items():
        rows = np.asarray(given, dtype=np.int64)
        cells = [rows[y[rows] == label] for label in np.unique(y[rows])]
        taken = [
            rng.choice(cell, min(len(cell), max(1, round(cap * len(cell) / total))), False)
            if total > cap
            else cell
            for cell in cells
        ]
        sampled[name] = np.sort(np.concatenate(taken)) if taken else rows[:0]
    return sampled


def sample_sequences(
    shards: Shards, split: dict[str, np.ndarray], options: StreamOptions, seed: int
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """A `primary_sequences`-shaped sample of the shards and its split (indices into it)."""
    chosen = sample_rows(shards.column("y"), split, options.sample_sequences, seed)
    rows = np.sort(np.concatenate(list(chosen.values())))
    parts = list(selected_rows(shards, rows))
    if not parts:
        raise ValueError("The split selects no sequence of the shards: nothing to sample")
    sample = {
        key: parts[0][1][key]
        if key == "feature_names"
        else np.concatenate([arrays[key] for _, arrays in parts])
        for key in parts[0][1]
    }
    position = {name: np.searchsorted(rows, chosen[name]) for name in chosen}
    logger.info(
        "Audit and diagnosis run on a sample of %d of %d sequences (%s)",
        len(rows),
        shards.n_sequences,
        ", ".join(f"{name} {len(index)}" for name, index in position.items()),
    )
    return sample, position


def sample_predictions(predictions: pd.DataFrame, sample: dict[str, np.ndarray]) -> pd.DataFrame:
    """The rows of the (exact, streamed) predictions table that belong to the sample."""
    return predictions[predictions["sequence_id"].isin(sample["ids"])].reset_index(drop=True)

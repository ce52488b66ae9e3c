"""Input formats and the one long table (a row per sequence × time step) they all become."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from seq_pipeline.core.columns import ID, LABEL, SPLIT, TIME
from seq_pipeline.core.errors import UnreadableInputError, examples

TABLE_FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
ARRAY_FORMATS = {".npz": "npz", ".ts": "ts"}
# Formats whose columns the project names itself (f0, f1, …, `label`), not the user's header.
GENERATED_COLUMNS = frozenset(ARRAY_FORMATS.values())


def long_table(
    x: np.ndarray,
    y: np.ndarray,
    feature_names: Sequence[str],
    ids: Sequence[str],
    lengths: np.ndarray | None = None,
) -> pd.DataFrame:
    """(N, T, F) values and (N,) labels → one row per real step, canonical column names."""
    n, t, _ = x.shape
    table = pd.DataFrame(x.reshape(n * t, -1), columns=list(feature_names))
    table.insert(0, TIME, np.tile(np.arange(t), n))
    table.insert(0, ID, np.repeat(np.asarray(ids, dtype=str), t))
    table[LABEL] = np.repeat(y, t)
    if lengths is not None:
        # Ragged data stored padded: steps at or beyond a sequence's length are not real.
        table = table[table[TIME].to_numpy() < np.repeat(lengths, t)].reset_index(drop=True)
    return table


def stack_train_test(
    train: pd.DataFrame,
    test: pd.DataFrame,
    generated_ids: bool,
    names: tuple[str, str] = ("the train file", "the test file"),
) -> pd.DataFrame:
    """One table with a `split` column; generated ids are prefixed so they stay unique.

    Both must have the same columns: stacking others would leave a column empty in one part.
    """
    only_train = [c for c in train.columns if c not in test.columns]
    only_test = [c for c in test.columns if c not in train.columns]
    if only_train or only_test:
        differences = [
            f"only in {name} {examples(columns)}"
            for name, columns in zip(names, (only_train, only_test), strict=True)
            if columns
        ]
        raise UnreadableInputError(
            f"{names[0]} and {names[1]} have different columns: {'; '.join(differences)}. "
            "The test data needs exactly the training data's columns"
        )
    parts = []
    for name, table in (("train", train), ("test", test)):
        part = table.assign(**{SPLIT: name})
        if generated_ids:
            part[ID] = f"{name}-" + part[ID].astype(str)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)

"""Checks of a raw table that pandera's column schema cannot express.

Each turns a silent corruption (steps sorted as text, an index or empty column read as a
feature) or a crash deep in a library (one-step sequences) into a message naming the file,
the column and the offending values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype

from seq_pipeline.core.errors import examples, input_error

# pandas' name for a column with an empty header, e.g. the index `to_csv()` writes.
UNNAMED = re.compile(r"^Unnamed: \d+$")


def coerce_timesteps(raw: pd.DataFrame, column: str, id_column: str, source: str) -> pd.Series:
    """Time steps as numbers or datetimes (sortable in time); anything else is an error.

    Text that merely looks numeric (a CSV read as strings) becomes numbers; ISO 8601 text
    becomes datetimes. A single `t00` would otherwise make every step text, sorted 0, 1, 10.
    """
    steps = raw[column]
    if is_datetime64_any_dtype(steps) or (is_numeric_dtype(steps) and not is_bool_dtype(steps)):
        return steps
    present = steps.dropna()
    numbers = pd.to_numeric(present, errors="coerce")
    if numbers.notna().all():
        return pd.to_numeric(steps)
    dates = pd.to_datetime(present.astype(str), errors="coerce", format="ISO8601", utc=True)
    if dates.notna().all():
        return pd.to_datetime(steps.astype("string"), format="ISO8601", utc=True)
    # Name the values that break the kind most steps have.
    bad = present[numbers.isna()] if numbers.notna().mean() >= 0.5 else present[dates.isna()]
    ids = raw.loc[bad.index, id_column] if id_column in raw.columns else []
    raise input_error(
        source,
        column,
        f"non-numeric time step(s) {examples(bad)} in sequence(s) {examples(ids)} "
        f"({len(bad)} of {len(present)} rows)",
        "Time steps order each sequence, so they must be numbers or ISO 8601 datetimes "
        "(e.g. 2024-01-31T12:00:00)",
    )


def numeric_if_possible(values: pd.Series) -> pd.Series:
    """Text that is entirely numeric as numbers (labels of a CSV read as text), else as is."""
    if is_numeric_dtype(values) or is_bool_dtype(values):
        return values
    numbers = pd.to_numeric(values.dropna(), errors="coerce")
    return pd.to_numeric(values) if numbers.notna().all() else values


def true_false(values: pd.Series, true: object = 1.0, false: object = 0.0) -> pd.Series:
    """Text that is entirely true/false (any case) as `true`/`false`, as pandas reads them."""
    if is_numeric_dtype(values) or is_bool_dtype(values):
        return values
    words = values.dropna().astype(str).str.strip().str.lower()
    if words.empty or not words.isin(("true", "false")).all():
        return values
    return values.astype("string").str.strip().str.lower().map({"true": true, "false": false})


def check_feature_columns(raw: pd.DataFrame, features: list[str], source: str) -> None:
    """Refuse a feature without a header name (a written index)."""
    features = [c for c in features if c in raw.columns]  # the schema names missing ones
    unnamed = [c for c in features if UNNAMED.match(str(c))]
    if unnamed:
        raise input_error(
            source,
            unnamed[0],
            f"feature column(s) {unnamed} have no name in the header (first values "
            f"{examples(raw[unnamed[0]].head(3))}); this is usually the index that "
            "`DataFrame.to_csv()` writes",
            "Write the file with `to_csv(index=False)`, or list the real features in "
            "`columns.feature_columns`",
        )


def refuse_nested_values(raw: pd.DataFrame, columns: list[str], source: str) -> None:
    """Refuse a column whose cells hold lists, arrays or mappings (Parquet list/struct columns).

    Each cell of a used column must be one value: pandas keeps nested cells as objects,
    which later read as missing or crash a comparison far from the cause.
    """
    for column in (c for c in columns if c in raw.columns and raw[c].dtype == object):
        nested = raw[column].map(lambda v: isinstance(v, list | tuple | dict | np.ndarray))
        if nested.any():
            first = raw.loc[nested, column].iloc[0]
            raise input_error(
                source,
                column,
                f"{int(nested.sum())} of {len(raw)} cell(s) hold "
                f"{'a struct (mapping)' if isinstance(first, dict) else 'a list'} "
                f"(e.g. {_short(first)}), not a single value; a Parquet struct, list or map "
                "column cannot be a feature, id, time step or label",
                "Flatten it into one column per field (or one row per list element), or "
                "leave it out with `columns.feature_columns`",
            )


def _short(value: object, limit: int = 80) -> str:
    """`repr(value)`, cut to `limit` characters."""
    text = repr(value.tolist() if isinstance(value, np.ndarray) else value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def empty_features(raw: pd.DataFrame, features: list[str]) -> list[str]:
    """The features (present in `raw`) without a single value."""
    present = [c for c in features if c in raw.columns]
    empty = raw[present].isna().all()  # one call, not one per column: wide tables stay fast
    return [c for c in present if empty[c]]


def refuse_empty_features(empty: list[str], n_rows: int, source: str, where: str = "") -> None:
    """Refuse features that hold no value in any of the `n_rows` rows of the whole data.

    Only the whole data can settle this: a part, or the first rows of one, may lack a value
    that later rows hold. `where` says what the rows are when they span several files.
    """
    if empty:
        raise input_error(
            source,
            empty[0],
            f"feature column(s) {empty} hold no value in any of the {n_rows} rows{where}",
            "Drop the column(s) or list the other features in `columns.feature_columns`",
        )


def check_sequence_lengths(table: pd.DataFrame, source: str, id_name: str) -> None:
    """Refuse a table where every sequence is a single step: no sequence to learn from."""
    lengths = table.groupby("sequence_id", sort=False).size()
    refuse_single_steps(int(lengths.max()), len(lengths), lengths.index, source, id_name)


def refuse_single_steps(
    longest: int,
    n_sequences: int,
    ids: Iterable[object],
    source: str,
    id_name: str,
    where: str = "",
) -> None:
    """Refuse data whose longest sequence is one step (`ids`: some of them, for the message).

    Only the whole data can settle this: single-step sequences are valid next to longer
    ones, so a part, or the first sequences of one, may hold nothing else.
    """
    if longest >= 2:
        return
    raise input_error(
        source,
        id_name,
        f"every sequence has a single time step ({n_sequences} sequences{where}, e.g. "
        f"{examples(ids)})",
        "A sequence model needs at least 2 steps per sequence; does `columns.sequence_id` "
        "name the sequence, rather than a row id?",
    )

"""Ingest: read the raw table, check it, and give it canonical column names."""

from __future__ import annotations

import logging

import pandas as pd
from pydantic import BaseModel, ConfigDict

logger = logging.getLogger(__name__)

RESERVED = ("sequence_id", "timestep", "label", "split", "group")


class ColumnSpec(BaseModel):
    """Where the raw table keeps ids, time steps, labels and features."""

    model_config = ConfigDict(extra="forbid")

    sequence_id: str = "sequence_id"
    timestep: str = "timestep"
    label: str = "label"
    feature_columns: list[str] | None = None
    split: str | None = None
    group: str | None = None


class RawInputError(ValueError):
    """Raw data that the pipeline cannot use; the message names file, column and values."""


def validate_sequences(raw: pd.DataFrame, columns: ColumnSpec) -> tuple[pd.DataFrame, dict]:
    """Check the raw long table and return it with canonical column names, plus a report."""
    source = raw.attrs.get("source", "<raw input>")
    # Array formats (NPZ, .ts) already use canonical names, whatever the table columns say.
    spec = columns if raw.attrs.get("format") in (None, "csv", "parquet") else ColumnSpec()
    renames = {getattr(spec, key): key for key in RESERVED if getattr(spec, key) is not None}
    missing = [col for col in renames if col not in raw.columns]
    if missing:
        raise RawInputError(
            f"{source}: required column(s) {missing} not found; columns present: "
            f"{list(raw.columns)}. Set `columns` in conf/base/parameters.yml to match."
        )
    features = spec.feature_columns or [c for c in raw.columns if c not in renames]
    table = raw[[*renames, *features]].rename(columns=renames)
    table["sequence_id"] = table["sequence_id"].astype(str)
    table[features] = table[features].astype("float64")
    report = {
        "source": source,
        "format": raw.attrs.get("format"),
        "n_rows": len(table),
        "n_sequences": int(table["sequence_id"].nunique()),
        "feature_columns": list(features),
    }
    logger.info(
        "Ingested %d rows, %d sequences, features %s from %s",
        report["n_rows"],
        report["n_sequences"],
        features,
        source,
    )
    return table, report

"""The validated long table: the raw table checked, typed and given canonical column names."""

from __future__ import annotations

import logging

import pandas as pd
import pandera.pandas as pa

from seq_pipeline.core.columns import PER_SEQUENCE, RESERVED, ColumnSpec
from seq_pipeline.core.errors import examples, input_error
from seq_pipeline.core.formats import GENERATED_COLUMNS
from seq_pipeline.core.schema import describe_failures, raw_table_schema
from seq_pipeline.core.validation import (
    check_feature_columns,
    check_sequence_lengths,
    coerce_timesteps,
    empty_features,
    numeric_if_possible,
    refuse_empty_features,
    refuse_nested_values,
    refuse_single_steps,
    true_false,
)

logger = logging.getLogger(__name__)


def validate_table(
    raw: pd.DataFrame, columns: ColumnSpec | dict, *, whole_table: bool = True
) -> tuple[pd.DataFrame, dict]:
    """Check the raw long table and return it with canonical column names, plus a report.

    `whole_table=False`: `raw` is one part of the data (or the first sequences of one), so
    the checks only the whole data can settle (some sequence has two steps, every feature
    has a value) are left to the caller, which sees every part.
    """
    source = raw.attrs.get("source", "<raw input>")
    spec = _effective_spec(raw, ColumnSpec.model_validate(columns))
    renames = {getattr(spec, key): key for key in RESERVED if getattr(spec, key) is not None}
    if raw.empty:
        raise input_error(source, None, f"the table has no rows (columns: {examples(raw.columns)})")
    features = spec.feature_columns or [c for c in raw.columns if c not in renames]
    if not features:
        raise input_error(
            source,
            None,
            f"no feature columns: every column {list(raw.columns)} is an id, "
            "time step, label, split or group column",
        )
    check_feature_columns(raw, features, source)
    if raw.attrs.get("format") != "csv":  # CSV cells are text: only Parquet can nest
        refuse_nested_values(raw, [*renames, *features], source)
    if whole_table:
        refuse_empty_features(empty_features(raw, features), len(raw), source)
        if spec.sequence_id in raw.columns:  # cheap, before per-column checks (minutes if wide)
            lengths = raw.groupby(spec.sequence_id, sort=False, dropna=False).size()
            refuse_single_steps(
                int(lengths.max()), len(lengths), lengths.index, source, spec.sequence_id
            )
    raw = _typed_columns(raw, spec, features, source)
    schema = raw_table_schema(renames, features, unique=[spec.sequence_id, spec.timestep])
    try:
        checked = schema.validate(raw, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise describe_failures(
            exc.failure_cases, raw, (spec.sequence_id, spec.timestep), source
        ) from None
    table = checked[[*renames, *features]].rename(columns=renames)
    table["sequence_id"] = table["sequence_id"].astype(str)
    for column in PER_SEQUENCE:
        if column in table.columns:
            _check_constant_per_sequence(table, column, renames_back(renames)[column], source)
    if whole_table:
        check_sequence_lengths(table, source, spec.sequence_id)
    report = _ingest_report(table, raw, features, renames, source)
    logger.info(
        "Ingested %d rows, %d sequences, features %s from %s",
        report["n_rows"],
        report["n_sequences"],
        features,
        source,
    )
    return table, report


def renames_back(renames: dict[str, str]) -> dict[str, str]:
    """Canonical column name → the user's column name, for messages."""
    return {canonical: raw_name for raw_name, canonical in renames.items()}


def _typed_columns(
    raw: pd.DataFrame, spec: ColumnSpec, features: list[str], source: str
) -> pd.DataFrame:
    """Time steps as numbers or datetimes; a CSV's numeric labels and true/false features typed.

    CSVs are read as text so ids keep their leading zeros; the other columns get the type
    pandas would have given them here, where each column's role is known (features are
    then coerced to float64 by the schema).
    """
    typed = raw.copy()  # copy-on-write: only the replaced columns are new
    if spec.timestep in raw.columns:  # else the schema reports it with the other problems
        typed[spec.timestep] = coerce_timesteps(raw, spec.timestep, spec.sequence_id, source)
    if raw.attrs.get("format") != "csv":
        return typed
    if spec.label in raw.columns:
        typed[spec.label] = true_false(numeric_if_possible(raw[spec.label]), True, False)
    for name in (c for c in features if c in raw.columns):
        typed[name] = true_false(raw[name])
    return typed


def _effective_spec(raw: pd.DataFrame, spec: ColumnSpec) -> ColumnSpec:
    """Array formats use canonical names; a split made by the dataset overrides `split`."""
    if raw.attrs.get("format") in GENERATED_COLUMNS:
        spec = ColumnSpec(feature_columns=spec.feature_columns, label=spec.label and "label")
    if raw.attrs.get("split_column"):
        spec = spec.model_copy(update={"split": raw.attrs["split_column"]})
    return spec


def _check_constant_per_sequence(
    table: pd.DataFrame, column: str, raw_name: str, source: str
) -> None:
    """A label, split or group that changes within one sequence is a data error."""
    counts = table.groupby("sequence_id", sort=False)[column].nunique(dropna=False)
    bad = counts[counts > 1].index
    if len(bad):
        rows = table[table["sequence_id"].isin(bad[:5])]
        found = rows.groupby("sequence_id", sort=False)[column].unique()
        shown = "; ".join(f"{i!r}: {examples(v)}" for i, v in found.items())
        raise input_error(
            source,
            raw_name,
            f"values differ within {len(bad)} sequence(s): {shown}",
            f"each sequence needs a single {column}",
        )


def _ingest_report(
    table: pd.DataFrame, raw: pd.DataFrame, features: list[str], renames: dict, source: str
) -> dict:
    """What was read, from where and with which columns; later stages name the file from it."""
    report = {
        "source": source,
        "format": raw.attrs.get("format"),
        "n_rows": len(table),
        "n_sequences": int(table["sequence_id"].nunique()),
        "feature_columns": list(features),
        "columns": renames_back(renames),
        "n_missing_values": int(table[features].isna().to_numpy().sum()),
    }
    first = table.drop_duplicates("sequence_id")
    if "split" in table.columns:
        report["split_counts"] = first["split"].value_counts().to_dict()
    if "group" in table.columns:
        report["n_groups"] = int(first["group"].nunique())
    return report

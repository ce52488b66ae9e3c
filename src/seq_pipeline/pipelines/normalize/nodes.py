"""Normalize: make every sequence canonical, one sequence at a time.

Nothing here computes a statistic across sequences (means, stds, imputation values): those
are learned from training rows only, after the split, so test data cannot leak into them.
"""

from __future__ import annotations

import logging
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

logger = logging.getLogger(__name__)

ID, TIME, LABEL, SPLIT, GROUP = "sequence_id", "timestep", "label", "split", "group"
RESERVED = (ID, TIME, LABEL, SPLIT, GROUP)


class NormalizeOptions(BaseModel):
    """How sequences are cut, padded, filled and labelled."""

    model_config = ConfigDict(extra="forbid")

    max_seqlen: int | None = Field(default=None, gt=0)
    keep: Literal["first", "last"] = "first"
    missing_values: Literal[
        "ffill_then_train_mean", "ffill_then_value", "drop_sequence", "error"
    ] = "ffill_then_train_mean"
    fill_value: float = 0.0
    positive_label: str | int | float | bool | None = None


def label_key(value: object) -> str:
    """One string per label value, so 1, 1.0 and "1" name the same class."""
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | float | np.integer | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def feature_columns(table: pd.DataFrame) -> list[str]:
    """Every column of the validated table that is not an id, time, label, split or group."""
    return [c for c in table.columns if c not in RESERVED]


def encode_labels(table: pd.DataFrame, options: NormalizeOptions) -> dict:
    """Map the two label values to 0/1, with `positive_label` (or a default) as 1."""
    values = sorted({label_key(v) for v in table[LABEL].dropna().unique()})
    if len(values) != 2:
        raise ValueError(
            f"column '{LABEL}' must hold exactly two classes for binary classification, "
            f"found {len(values)}: {values[:10]}"
        )
    if options.positive_label is not None:
        positive = label_key(options.positive_label)
        if positive not in values:
            raise ValueError(
                f"positive_label {options.positive_label!r} is not one of the labels {values}"
            )
    else:
        positive = next((v for v in ("1", "True") if v in values), values[-1])
    negative = next(v for v in values if v != positive)
    logger.info("Labels: %r → 1 (positive), %r → 0", positive, negative)
    return {"positive": positive, "negative": negative, "mapping": {negative: 0, positive: 1}}


def build_sequence_tensors(
    table: pd.DataFrame, label_mapping: dict, options: NormalizeOptions
) -> tuple[dict[str, np.ndarray], dict]:
    """Long table → padded (N, T, F) values, (N, T) mask, (N,) labels and ids."""
    features = feature_columns(table)
    table = _fill_within_sequences(table, features, options)
    codes, ids = pd.factorize(table[ID], sort=False)
    table = table.assign(_code=codes).sort_values(["_code", TIME], kind="stable")
    codes = table["_code"].to_numpy()
    lengths = np.bincount(codes, minlength=len(ids))
    position = table.groupby("_code", sort=False).cumcount().to_numpy()
    max_seqlen = options.max_seqlen or int(lengths.max())
    slot = position
    if options.keep == "last":
        slot = position - np.maximum(lengths[codes] - max_seqlen, 0)
    kept = (slot >= 0) & (slot < max_seqlen)

    x = np.zeros((len(ids), max_seqlen, len(features)), dtype=np.float32)
    mask = np.zeros((len(ids), max_seqlen), dtype=bool)
    x[codes[kept], slot[kept]] = table.loc[kept, features].to_numpy(np.float32)
    mask[codes[kept], slot[kept]] = True

    first_rows = table.drop_duplicates("_code")
    y = first_rows[LABEL].map(lambda v: label_mapping["mapping"][label_key(v)])
    tensors = {
        "X": x,
        "mask": mask,
        "y": y.to_numpy(np.int8),
        "ids": np.asarray(ids, dtype=str),
        "feature_names": np.asarray(features, dtype=str),
    }
    for optional in (SPLIT, GROUP):
        if optional in table.columns:
            tensors[optional] = first_rows[optional].astype(str).to_numpy(dtype=str)
    report = {
        "n_sequences": len(ids),
        "max_seqlen": max_seqlen,
        "keep": options.keep,
        "n_truncated": int((lengths > max_seqlen).sum()),
        "n_padded": int((lengths < max_seqlen).sum()),
        "padded_step_fraction": float(1 - mask.mean()),
        "missing_after_fill": int(np.isnan(x[mask]).sum()),
    }
    logger.info(
        "Built tensors X%s, %d truncated, %d padded",
        x.shape,
        report["n_truncated"],
        report["n_padded"],
    )
    return tensors, report


def _fill_within_sequences(
    table: pd.DataFrame, features: list[str], options: NormalizeOptions
) -> pd.DataFrame:
    """Apply the missing-value policy using each sequence's own earlier steps only."""
    missing = table[features].isna()
    if not missing.to_numpy().any():
        return table
    policy = options.missing_values
    if policy == "error":
        bad = table.loc[missing.any(axis=1), ID].unique()[:5].tolist()
        cols = [c for c in features if missing[c].any()]
        raise ValueError(
            f"missing values in column(s) {cols} of sequence(s) {bad} and "
            "`missing_values: error` forbids them"
        )
    if policy == "drop_sequence":
        bad_ids = table.loc[missing.any(axis=1), ID].unique()
        logger.warning("Dropping %d sequence(s) with missing values", len(bad_ids))
        return table[~table[ID].isin(bad_ids)]
    table = table.sort_values([ID, TIME], kind="stable")
    table[features] = table.groupby(ID, sort=False)[features].ffill()
    if policy == "ffill_then_value":
        table[features] = table[features].fillna(options.fill_value)
    # ffill_then_train_mean: leading gaps stay NaN; the model fills them with training means.
    return table

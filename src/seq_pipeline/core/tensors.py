"""Canonical tensors: every sequence cut, padded, filled and labelled, one sequence at a time.

Nothing here computes a statistic across sequences (means, stds, imputation values): those
are learned from training rows only, after the split, so test data cannot leak into them.
"""

from __future__ import annotations

import logging
import math
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import ConfigDict, Field, field_validator

from seq_pipeline.core.columns import GROUP, ID, LABEL, RESERVED, SPLIT, TIME
from seq_pipeline.core.errors import examples, input_error, source_of, user_column
from seq_pipeline.core.labels import encode_y
from seq_pipeline.core.parameters import Options
from seq_pipeline.core.schema import FLOAT32_MAX

logger = logging.getLogger(__name__)

# `y` of a sequence scored without a label (inference).
UNKNOWN_LABEL = -1
# The options a preprocessing spec carries over from `normalize_options`.
POLICY_KEYS = ("max_seqlen", "keep", "missing_values", "fill_value")


class NormalizeOptions(Options):
    """How sequences are cut, padded, filled and labelled."""

    model_config = ConfigDict(extra="forbid")

    max_seqlen: int | None = Field(
        default=None, ge=2, description="steps kept per sequence; null: the longest sequence"
    )
    keep: Literal["first", "last"] = "first"
    missing_values: Literal[
        "ffill_then_train_mean", "ffill_then_value", "drop_sequence", "error"
    ] = "ffill_then_train_mean"
    fill_value: float = 0.0
    positive_label: str | int | float | bool | None = None

    @field_validator("fill_value")
    @classmethod
    def _finite_in_float32(cls, value: float) -> float:
        """The same rule as raw values: a fill the float32 tensors can hold, not NaN or inf."""
        if not math.isfinite(value) or abs(value) > FLOAT32_MAX:
            raise ValueError(
                f"normalize_options.fill_value {value} is not a finite float32 number "
                f"(|x| <= {FLOAT32_MAX:.2g}); the tensors and the model compute in float32, "
                "and the value fills gaps in them. Use e.g. 0.0"
            )
        return value


def feature_columns(table: pd.DataFrame) -> list[str]:
    """Every column of the validated table that is not an id, time, label, split or group."""
    return [c for c in table.columns if c not in RESERVED]


def preprocessing_spec(
    features: list[str], longest: int, label_mapping: dict, options: NormalizeOptions
) -> dict:
    """The spec from what it depends on in the data: feature names and the longest sequence.

    Separate from the table so that sharded data can find the longest over all parts first.
    """
    max_seqlen = options.max_seqlen or int(longest)
    if max_seqlen > longest:
        # Padding beyond the longest sequence adds only padded steps (and, at 10^8 steps,
        # asks for gigabytes): the tensors stop at the longest sequence.
        logger.warning(
            "normalize_options.max_seqlen=%d is longer than the longest sequence (%d steps): "
            "padding to %d steps.",
            max_seqlen,
            longest,
            longest,
        )
        max_seqlen = int(longest)
    return {
        "feature_names": list(features),
        "max_seqlen": max_seqlen,
        "keep": options.keep,
        "missing_values": options.missing_values,
        "fill_value": float(options.fill_value),
        "label_mapping": label_mapping,
    }


def build_sequence_tensors(
    table: pd.DataFrame, spec: dict, report: dict | None = None
) -> tuple[dict[str, np.ndarray], dict]:
    """Long table → padded (N, T, F) values, (N, T) mask, (N,) labels and ids, as `spec` says."""
    options = NormalizeOptions.model_validate({k: spec[k] for k in POLICY_KEYS})
    label_mapping = spec["label_mapping"]
    source = source_of(table, report)
    features = list(spec["feature_names"])
    table, missing_report = fill_missing(table, features, options, source)
    codes, ids = pd.factorize(table[ID], sort=False)
    table = table.assign(_code=codes).sort_values(["_code", TIME], kind="stable")
    codes = table["_code"].to_numpy()
    lengths = np.bincount(codes, minlength=len(ids))
    position = table.groupby("_code", sort=False).cumcount().to_numpy()
    max_seqlen = int(spec["max_seqlen"])
    slot = position
    if options.keep == "last":
        slot = position - np.maximum(lengths[codes] - max_seqlen, 0)
    kept = (slot >= 0) & (slot < max_seqlen)

    x = np.zeros((len(ids), max_seqlen, len(features)), dtype=np.float32)
    mask = np.zeros((len(ids), max_seqlen), dtype=bool)
    x[codes[kept], slot[kept]] = table.loc[kept, features].to_numpy(np.float32)
    mask[codes[kept], slot[kept]] = True

    first_rows = table.drop_duplicates("_code")
    if LABEL in table.columns:
        y = encode_y(first_rows[LABEL], label_mapping, source, user_column(LABEL, report))
    else:
        y = np.full(len(ids), UNKNOWN_LABEL, dtype=np.int8)
    tensors = {
        "X": x,
        "mask": mask,
        "y": y,
        "ids": np.asarray(ids, dtype=str),
        "feature_names": np.asarray(features, dtype=str),
    }
    for optional in (SPLIT, GROUP):
        if optional in table.columns:
            tensors[optional] = first_rows[optional].astype(str).to_numpy(dtype=str)
    normalize_report = {
        "source": source,
        "n_sequences": len(ids),
        "max_seqlen": max_seqlen,
        "keep": options.keep,
        "n_truncated": int((lengths > max_seqlen).sum()),
        "n_padded": int((lengths < max_seqlen).sum()),
        "padded_step_fraction": float(1 - mask.mean()),
        "missing_values": missing_report,
        "missing_after_fill": int(np.isnan(x[mask]).sum()),
    }
    logger.info(
        "Built tensors X%s, %d truncated, %d padded",
        x.shape,
        normalize_report["n_truncated"],
        normalize_report["n_padded"],
    )
    return tensors, normalize_report


def fill_missing(
    table: pd.DataFrame, features: list[str], options: NormalizeOptions, source: str
) -> tuple[pd.DataFrame, dict]:
    """Apply the missing-value policy using each sequence's own earlier steps only."""
    missing = table[features].isna()
    counts = {
        "policy": options.missing_values,
        "n_missing_values": int(missing.to_numpy().sum()),
        "n_sequences_with_missing": 0,
        "n_dropped_sequences": 0,
        "n_filled_forward": 0,
        "n_filled_with_value": 0,
    }
    if not counts["n_missing_values"]:
        return table, counts
    policy = options.missing_values
    bad_ids = table.loc[missing.any(axis=1), ID].unique()
    counts["n_sequences_with_missing"] = len(bad_ids)
    if policy == "error":
        cols = [c for c in features if missing[c].any()]
        raise input_error(
            source,
            cols[0],
            f"{counts['n_missing_values']} missing value(s) in column(s) "
            f"{cols}, sequence(s) {examples(bad_ids)}",
            "`missing_values: error` forbids them; choose ffill_then_train_mean, "
            "ffill_then_value or drop_sequence in parameters_normalize.yml",
        )
    if policy == "drop_sequence":
        kept = table[~table[ID].isin(bad_ids)]
        counts["n_dropped_sequences"] = len(bad_ids)
        logger.warning(
            "Dropped %d sequence(s) with missing values from %s, e.g. %s",
            len(bad_ids),
            source,
            examples(bad_ids),
        )
        if kept.empty:
            raise input_error(
                source,
                None,
                "every sequence has missing values and "
                "`missing_values: drop_sequence` dropped them all",
            )
        return kept, counts
    table = table.sort_values([ID, TIME], kind="stable")
    table[features] = table.groupby(ID, sort=False)[features].ffill()
    left = int(table[features].isna().to_numpy().sum())
    counts["n_filled_forward"] = counts["n_missing_values"] - left
    if policy == "ffill_then_value":
        table[features] = table[features].fillna(options.fill_value)
        counts["n_filled_with_value"] = left
    # ffill_then_train_mean: leading gaps stay NaN; the model fills them with training means.
    counts["n_left_for_train_mean"] = left if policy == "ffill_then_train_mean" else 0
    logger.info("Missing values in %s: %s", source, counts)
    return table, counts

"""Binary label encoding: 0/1, floats, booleans or two strings → 0/1, recorded as a mapping."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from seq_pipeline.core.columns import ID, LABEL
from seq_pipeline.core.errors import examples, input_error, source_of, user_column

logger = logging.getLogger(__name__)

# Label names read as the positive class when `positive_label` is not set (case-insensitive).
POSITIVE_NAMES = ("1", "true", "yes", "y", "positive", "pos", "abnormal", "anomaly", "fault")
# The words YAML (and so OmegaConf and `--params`) turns into True or False.
BOOLEAN_WORDS = {True: ("true", "yes", "y", "on", "1"), False: ("false", "no", "n", "off", "0")}


def label_key(value: object) -> str:
    """One string per label value, so 1, 1.0, "1" and " 1" name the same class.

    Text is compared without leading and trailing whitespace: `"abnormal "` is `abnormal`
    (and so the conventional positive class), not a third label or the negative one.
    """
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | float | np.integer | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def warn_stripped_labels(labels: pd.Series, source: str, column: str) -> None:
    """Warn when comparing labels without whitespace changed or merged any of them."""
    values = pd.Series(labels.dropna().unique())
    padded = [v for v in values if isinstance(v, str) and v != v.strip()]
    if not padded:
        return
    merged = sorted({v.strip() for v in padded} & {label_key(v) for v in values if v not in padded})
    logger.warning(
        "%s: column '%s': label(s) %s have leading or trailing whitespace; compared without "
        "it as %s%s.",
        source,
        column,
        examples(padded),
        examples(v.strip() for v in padded),
        f", merged with the label(s) {examples(merged)} written without it" if merged else "",
    )


def class_counts(table: pd.DataFrame) -> pd.Series:
    """Sequences per label class (one label per sequence)."""
    first = table.drop_duplicates(ID)
    return first[LABEL].map(label_key).value_counts().sort_index()


def choose_positive(values: list[str], positive_label: object) -> str:
    """The configured positive class, else a conventional positive name, else the last."""
    if positive_label is not None:
        return _as_label(values, positive_label)
    by_name = {v.lower(): v for v in values}
    return next((by_name[n] for n in POSITIVE_NAMES if n in by_name), values[-1])


def _as_label(values: list[str], positive_label: object) -> str:
    """The label `positive_label` names; `yes`/`no` that YAML made booleans match their text."""
    key = label_key(positive_label)
    if key in values or not isinstance(positive_label, bool):
        return key
    words = BOOLEAN_WORDS[positive_label]
    matches = [v for v in values if v.lower() in words]
    if len(matches) != 1:
        return key
    logger.info(
        "positive_label %r (YAML reads yes/no/on/off as booleans) taken as the label %r",
        positive_label,
        matches[0],
    )
    return matches[0]


def build_mapping(table: pd.DataFrame, positive_label: object, report: dict | None = None) -> dict:
    """Map exactly two label classes to 0/1; one or three+ classes is an input error."""
    source, column = source_of(table, report), user_column(LABEL, report)
    warn_stripped_labels(table[LABEL], source, column)
    return mapping_from_counts(class_counts(table), positive_label, source, column)


def mapping_from_counts(
    counts: pd.Series, positive_label: object, source: str, column: str
) -> dict:
    """Sequences per label class (label_key → count) → the 0/1 mapping, as `build_mapping`.

    Separate from the table so that sharded data can sum per-part counts first.
    """
    found = ", ".join(f"{k!r}: {n}" for k, n in counts.items())
    if len(counts) < 2:
        raise input_error(
            source,
            column,
            f"only one class found ({found} sequences)",
            "Binary classification needs sequences of two classes",
        )
    if len(counts) > 2:
        raise input_error(
            source,
            column,
            f"{len(counts)} classes found ({found} sequences)",
            "Binary classification needs exactly two; map or filter the labels first",
        )
    values = counts.index.tolist()
    positive = choose_positive(values, positive_label)
    if positive not in values:
        raise input_error(
            source,
            column,
            f"positive_label {positive_label!r} is not one of the labels {values}",
            "Set normalize_options.positive_label to one of them (quote it in YAML, e.g. "
            'positive_label: "yes", since YAML reads yes/no/on/off as booleans)',
        )
    negative = next(v for v in values if v != positive)
    logger.info("Labels: %r → 1 (positive), %r → 0 (%s)", positive, negative, found)
    return {
        "positive": positive,
        "negative": negative,
        "mapping": {negative: 0, positive: 1},
        "counts": {k: int(n) for k, n in counts.items()},
    }


def encode_y(labels: pd.Series, label_mapping: dict, source: str, column: str) -> np.ndarray:
    """Per-sequence labels → int8 codes; a label the mapping has never seen is an error."""
    keys = labels.map(label_key)
    unknown = keys[~keys.isin(label_mapping["mapping"])]
    if len(unknown):
        raise input_error(
            source,
            column,
            f"label(s) {examples(unknown)} are not in the training label "
            f"mapping {sorted(label_mapping['mapping'])}",
        )
    return keys.map(label_mapping["mapping"]).to_numpy(np.int8)

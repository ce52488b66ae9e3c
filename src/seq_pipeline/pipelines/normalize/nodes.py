"""Normalize nodes: the label mapping and the preprocessing spec, resolved against the table.

The tensors themselves are built by `core.tensors`, which the sharded build shares.
"""

from __future__ import annotations

import pandas as pd

from seq_pipeline.core.columns import ID
from seq_pipeline.core.labels import build_mapping
from seq_pipeline.core.tensors import NormalizeOptions, feature_columns, preprocessing_spec


def encode_labels(
    table: pd.DataFrame, options: NormalizeOptions, report: dict | None = None
) -> dict:
    """Map the two label values to 0/1, with `positive_label` (or a default) as 1."""
    return build_mapping(table, options.positive_label, report)


def describe_preprocessing(
    table: pd.DataFrame, label_mapping: dict, options: NormalizeOptions
) -> dict:
    """Every per-sequence choice that shapes the tensors, resolved against this table.

    Train records it in the model contract and inference replays it, so a stored model is
    always fed exactly as it was trained, whatever the parameters say later.
    """
    lengths = table.groupby(ID, sort=False).size()
    return preprocessing_spec(feature_columns(table), int(lengths.max()), label_mapping, options)

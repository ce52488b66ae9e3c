"""Ingest nodes: read the raw table, check it, and give it canonical column names."""

from __future__ import annotations

import pandas as pd

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.tables import validate_table


def validate_sequences(raw: pd.DataFrame, column_spec: dict) -> tuple[pd.DataFrame, dict]:
    """The whole raw table, checked and renamed, with a report of what was read from where."""
    return validate_table(raw, ColumnSpec.model_validate(column_spec))

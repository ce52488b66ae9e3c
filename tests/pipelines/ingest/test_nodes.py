"""Ingest: the user's column names become canonical ones, and only the chosen features pass."""

from __future__ import annotations

import numpy as np
import pandas as pd

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.tensors import NormalizeOptions, build_sequence_tensors
from seq_pipeline.pipelines.ingest.nodes import validate_sequences
from seq_pipeline.pipelines.normalize.nodes import describe_preprocessing, encode_labels


def user_table() -> pd.DataFrame:
    """Two sequences with the user's own header and a column that is not a feature."""
    table = pd.DataFrame(
        {
            "patient": np.repeat(["p1", "p2"], 3),
            "t": np.tile([0, 1, 2], 2),
            "flow": np.arange(6, dtype=float),
            "notes": np.arange(6, dtype=float) * 100,
            "pressure": -np.arange(6, dtype=float),
            "outcome": np.repeat(["ok", "bad"], 3),
        }
    )
    table.attrs["source"] = "patients.csv"
    return table


def test_columns_are_renamed_and_feature_columns_select_and_order_features():
    spec = ColumnSpec(
        sequence_id="patient", timestep="t", label="outcome", feature_columns=["pressure", "flow"]
    )
    table, report = validate_sequences(user_table(), spec)
    assert list(table.columns) == ["sequence_id", "timestep", "label", "pressure", "flow"]
    assert table["sequence_id"].tolist() == ["p1"] * 3 + ["p2"] * 3
    assert table["pressure"].tolist() == [0.0, -1.0, -2.0, -3.0, -4.0, -5.0]
    assert report["feature_columns"] == ["pressure", "flow"]
    assert report["columns"] == {"sequence_id": "patient", "timestep": "t", "label": "outcome"}
    assert report["source"] == "patients.csv"

    options = NormalizeOptions()
    preprocessing = describe_preprocessing(table, encode_labels(table, options), options)
    tensors, _ = build_sequence_tensors(table, preprocessing)
    assert tensors["feature_names"].tolist() == ["pressure", "flow"]
    np.testing.assert_array_equal(tensors["X"][1, :, 0], [-3.0, -4.0, -5.0])


def test_without_feature_columns_every_other_column_is_a_feature():
    spec = ColumnSpec(sequence_id="patient", timestep="t", label="outcome")
    table, report = validate_sequences(user_table(), spec)
    assert report["feature_columns"] == ["flow", "notes", "pressure"]
    assert "notes" in table.columns

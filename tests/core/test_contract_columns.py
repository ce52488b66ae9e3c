"""The column mapping a served model assumes, and the one inference resolves from a file."""

from __future__ import annotations

import pandas as pd
import pytest

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.contract import resolve_inference_columns, training_columns
from seq_pipeline.core.errors import RawInputError

CONTRACT = {"feature_names": ["a", "b"]}


def test_training_columns_keep_the_roles_and_drop_the_features():
    contract = {"columns": {"sequence_id": "sid", "label": "y", "feature_columns": ["a"]}}
    assert training_columns(contract) == {
        "sequence_id": "sid",
        "timestep": "timestep",
        "label": "y",
        "feature_columns": None,
        "split": None,
        "group": None,
    }


def test_a_contract_without_a_label_role_serves_without_labels():
    assert training_columns({"columns": {"timestep": "t"}})["label"] is None
    assert training_columns({})["label"] is None


def _raw(columns, **attrs):
    raw = pd.DataFrame({c: [0] for c in columns})
    raw.attrs.update(attrs)
    return raw


def test_a_file_without_the_label_column_resolves_to_no_label():
    raw = _raw(["sequence_id", "timestep", "a", "b"])
    resolved = resolve_inference_columns(raw, ColumnSpec(), CONTRACT)
    assert resolved["label"] is None
    assert resolved["feature_columns"] == ["a", "b"]


def test_a_file_with_the_label_keeps_it_and_does_not_count_it_as_a_feature():
    raw = _raw(["sequence_id", "timestep", "b", "a", "target"])
    resolved = resolve_inference_columns(raw, ColumnSpec(label="target"), CONTRACT)
    assert resolved["label"] == "target"
    # The contract's order wins over the file's.
    assert resolved["feature_columns"] == ["a", "b"]


def test_generated_formats_keep_their_own_label_column_whatever_the_mapping_says():
    raw = _raw(["sequence_id", "timestep", "a", "b", "label"], format="npz")
    resolved = resolve_inference_columns(raw, ColumnSpec(label="target"), CONTRACT)
    assert resolved["label"] == "target"
    # Without the generated label in the file, the label is optional: dropped.
    raw = _raw(["sequence_id", "timestep", "a", "b"], format="npz")
    assert resolve_inference_columns(raw, ColumnSpec(label="target"), CONTRACT)["label"] is None
    # A table format goes by the mapping: `target` is absent, so no label.
    raw = _raw(["sequence_id", "timestep", "a", "b", "label"], format="csv")
    assert resolve_inference_columns(raw, ColumnSpec(label="target"), CONTRACT)["label"] is None


def test_renamed_role_columns_are_not_taken_for_features():
    raw = _raw(["sid", "t", "a", "b"])
    spec = ColumnSpec(sequence_id="sid", timestep="t")
    assert resolve_inference_columns(raw, spec, CONTRACT)["feature_columns"] == ["a", "b"]


def test_a_feature_mismatch_names_the_file_or_a_placeholder():
    with pytest.raises(RawInputError, match=r"new\.csv"):
        resolve_inference_columns(_raw(["a"], source="new.csv"), ColumnSpec(), CONTRACT)
    with pytest.raises(RawInputError, match=r"^<raw input>: "):
        resolve_inference_columns(_raw(["a"]), ColumnSpec(), CONTRACT)


def test_listed_feature_columns_are_checked_and_replaced_by_the_contracts():
    raw = _raw(["sequence_id", "timestep", "b", "a", "extra"])
    resolved = resolve_inference_columns(raw, ColumnSpec(feature_columns=["b", "a"]), CONTRACT)
    assert resolved["feature_columns"] == ["a", "b"]

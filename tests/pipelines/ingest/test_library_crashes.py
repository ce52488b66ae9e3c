"""Inputs that used to crash deep in a library (sklearn, numpy, pandas) far into a run: each
is now refused before work is wasted, naming the file, column and values; the raw file and
an earlier run's versioned artifacts are untouched."""

from __future__ import annotations

import numpy as np
import pytest
from kedro.io.core import DatasetError
from kedro.validation.parameter_validator import ParameterValidator

from seq_pipeline.core.errors import RawInputError
from seq_pipeline.datasets import RawSequenceDataset
from seq_pipeline.pipelines import ingest, normalize
from tests.pipelines.ingest.factory import event_arrays, ragged_table
from tests.pipelines.ingest.runs import refused


def test_entirely_empty_feature_column(tmp_path):
    path = tmp_path / "raw.csv"
    ragged_table(20).assign(c=np.nan).to_csv(path, index=False)
    refused(
        tmp_path,
        path,
        "raw.csv",
        "column 'c'",
        "['c'] hold no value",
        "columns.feature_columns",
        error=RawInputError,
    )


def test_test_file_with_other_features(tmp_path):
    table = ragged_table(20)
    ids = table["sequence_id"].unique()
    train, test = tmp_path / "train.csv", tmp_path / "test.csv"
    table[table["sequence_id"].isin(ids[:14])].to_csv(train, index=False)
    other = table[table["sequence_id"].isin(ids[14:])].rename(columns={"b": "flow"})
    other.to_csv(test, index=False)
    raw = RawSequenceDataset(filepath=str(train), test_filepath=str(test))
    refused(
        tmp_path,
        raw,
        "train.csv and",
        "test.csv have different columns",
        "only in",
        "train.csv ['b']",
        "test.csv ['flow']",
        error=DatasetError,
    )


def test_npz_train_and_test_with_other_feature_counts(tmp_path):
    x, y = event_arrays(30, 12)
    path = tmp_path / "raw.npz"
    wider = np.concatenate([x[20:], x[20:, :, :1]], axis=2)
    np.savez(path, X_train=x[:20], y_train=y[:20], X_test=wider, y_test=y[20:])
    refused(
        tmp_path,
        path,
        "raw.npz (X_train)",
        "raw.npz (X_test)",
        "only in",
        "(X_test) ['f2']",
        error=DatasetError,
    )


def test_every_sequence_one_step_long(tmp_path):
    path = tmp_path / "raw.csv"
    table = ragged_table(20)
    # A row id used as the sequence id: every "sequence" is one row.
    table.assign(row=[f"r{i}" for i in range(len(table))]).to_csv(path, index=False)
    refused(
        tmp_path,
        path,
        "raw.csv",
        "column 'row'",
        "every sequence has a single time step",
        "'r0'",
        error=RawInputError,
        columns={"sequence_id": "row", "feature_columns": ["a", "b"]},
    )


def test_max_seqlen_of_one_is_refused_by_parameter_validation():
    validator = ParameterValidator({"normalize": normalize.create_pipeline()})
    with pytest.raises(Exception, match=r"normalize_options") as info:
        validator.validate_raw_params({"normalize_options": {"max_seqlen": 1}})
    assert "max_seqlen" in str(info.value) and "greater than or equal to 2" in str(info.value)


def test_split_that_cannot_hold_both_classes(tmp_path):
    table = ragged_table(500)  # 3 positives among 500, as in the issue
    positives = table["sequence_id"].isin(["s010", "s250", "s490"])
    path = tmp_path / "raw.csv"
    table.assign(label=np.where(positives, "yes", "no")).to_csv(path, index=False)
    refused(
        tmp_path,
        path,
        "raw.csv",
        "column 'label'",
        "would not hold both classes",
        "'no': 497",
        "'yes': 3",
        "test: {'no': 75}",
        "needs about 7 sequences",
        error=RawInputError,
    )


def test_given_test_split_with_a_single_class(tmp_path):
    table = ragged_table(40)
    ids = table["sequence_id"].unique()
    first = table.drop_duplicates("sequence_id").set_index("sequence_id")["label"]
    # The given test split holds only "no" sequences.
    test_ids = [i for i in ids[20:] if first[i] == "no"]
    path = tmp_path / "raw.csv"
    table.assign(part=np.where(table["sequence_id"].isin(test_ids), "test", "train")).to_csv(
        path, index=False
    )
    refused(
        tmp_path,
        path,
        "raw.csv",
        "split(s) ['test']",
        "would not hold both classes",
        "Give every split of the `split` column",
        error=RawInputError,
        columns={"split": "part"},
    )


def test_one_column_in_two_roles_is_refused(tmp_path):
    path = tmp_path / "raw.csv"
    ragged_table(20).to_csv(path, index=False)
    refused(
        tmp_path,
        path,
        "columns.sequence_id and columns.label both name 'sequence_id'",
        columns={"label": "sequence_id"},
    )
    validator = ParameterValidator({"ingest": ingest.create_pipeline()})
    with pytest.raises(Exception, match=r"Parameter 'columns'") as info:
        validator.validate_raw_params({"columns": {"label": "sequence_id"}})
    assert "both name 'sequence_id'" in str(info.value)


def test_empty_feature_column_list_is_refused():
    validator = ParameterValidator({"ingest": ingest.create_pipeline()})
    with pytest.raises(Exception, match=r"Parameter 'columns'") as info:
        validator.validate_raw_params({"columns": {"feature_columns": []}})
    assert "columns.feature_columns is an empty list" in str(info.value)

"""The long table every input format becomes, and the stacking of a train/test pair."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from seq_pipeline.core.columns import ID, LABEL, TIME
from seq_pipeline.core.errors import UnreadableInputError
from seq_pipeline.core.formats import GENERATED_COLUMNS, long_table, stack_train_test


def test_long_table_has_a_row_per_sequence_and_step_in_canonical_columns():
    x = np.arange(12, dtype=float).reshape(2, 3, 2)
    table = long_table(x, np.array([0, 1]), ["a", "b"], ["s1", "s2"])
    assert list(table.columns) == [ID, TIME, "a", "b", LABEL]
    assert table[ID].tolist() == ["s1"] * 3 + ["s2"] * 3
    assert table[TIME].tolist() == [0, 1, 2, 0, 1, 2]
    assert table[LABEL].tolist() == [0, 0, 0, 1, 1, 1]
    assert table["b"].tolist() == [1.0, 3.0, 5.0, 7.0, 9.0, 11.0]


def test_long_table_keeps_only_steps_before_each_length():
    x = np.arange(6, dtype=float).reshape(2, 3, 1)
    table = long_table(x, np.array([1, 0]), ["f0"], ["a", "b"], lengths=np.array([3, 1]))
    # Length 1 keeps step 0 only: the step at the length itself is padding.
    assert table[ID].tolist() == ["a", "a", "a", "b"]
    assert table["f0"].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert table.index.tolist() == [0, 1, 2, 3]
    assert list(table.columns) == [ID, TIME, "f0", LABEL]


def test_numeric_ids_become_strings():
    table = long_table(np.zeros((2, 1, 1)), np.array([0, 1]), ["f0"], [7, 8])
    assert table[ID].tolist() == ["7", "8"]


def test_array_formats_are_the_generated_column_ones():
    assert {"npz", "ts"} == GENERATED_COLUMNS


def _part(ids):
    return pd.DataFrame({"sequence_id": ids, "time": [0] * len(ids), "v": [1.0] * len(ids)})


def test_stacking_labels_each_part_and_prefixes_generated_ids():
    stacked = stack_train_test(_part([0, 1]), _part([0]), generated_ids=True)
    assert stacked["split"].tolist() == ["train", "train", "test"]
    assert stacked["sequence_id"].tolist() == ["train-0", "train-1", "test-0"]
    assert stacked.index.tolist() == [0, 1, 2]


def test_stacking_keeps_the_users_ids_as_they_are():
    stacked = stack_train_test(_part(["x"]), _part(["y"]), generated_ids=False)
    assert stacked["sequence_id"].tolist() == ["x", "y"]


def test_different_columns_name_each_file_and_what_only_it_has():
    train = _part(["x"]).assign(extra=1)
    test = _part(["y"]).assign(other=2)
    with pytest.raises(UnreadableInputError) as error:
        stack_train_test(train, test, generated_ids=False, names=("a.csv", "b.csv"))
    message = str(error.value)
    assert message.startswith("a.csv and b.csv have different columns: only in a.csv ")
    assert "extra" in message and "; only in b.csv " in message and "other" in message
    assert message.endswith("The test data needs exactly the training data's columns")


def test_a_column_missing_on_one_side_only_names_that_side():
    with pytest.raises(UnreadableInputError) as error:
        stack_train_test(_part(["x"]).assign(extra=1), _part(["y"]), generated_ids=False)
    message = str(error.value)
    assert "only in the train file" in message
    assert "only in the test file" not in message

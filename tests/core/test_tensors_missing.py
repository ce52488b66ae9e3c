"""Each missing-value policy on a few hand-made rows: what it fills, drops or refuses, and the
counts it reports."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from seq_pipeline.core.columns import ID, TIME
from seq_pipeline.core.errors import RawInputError
from seq_pipeline.core.tensors import NormalizeOptions, fill_missing

NAN = np.nan


def _table():
    # "b" first and out of time order; a gap at b's start (nothing to carry forward), one in
    # the middle of b, and one at a's start that b's last value must not fill.
    return pd.DataFrame(
        {
            ID: ["b", "b", "b", "a", "a"],
            TIME: [2, 0, 1, 0, 1],
            "v": [NAN, NAN, 1.0, NAN, 5.0],
            "w": [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )


def _fill(policy, table=None, **options):
    options = NormalizeOptions(missing_values=policy, **options)
    return fill_missing(_table() if table is None else table, ["v", "w"], options, "in.csv")


def test_forward_fill_stays_within_each_sequence_and_the_rest_waits_for_the_train_mean():
    table, counts = _fill("ffill_then_train_mean")
    by_step = table.set_index([ID, TIME])["v"]
    assert by_step[("b", 2)] == 1.0  # carried from b's step 1
    assert np.isnan(by_step[("b", 0)]) and np.isnan(by_step[("a", 0)])
    assert counts == {
        "policy": "ffill_then_train_mean",
        "n_missing_values": 3,
        "n_sequences_with_missing": 2,
        "n_dropped_sequences": 0,
        "n_filled_forward": 1,
        "n_filled_with_value": 0,
        "n_left_for_train_mean": 2,
    }


def test_the_value_fills_what_forward_fill_left():
    table, counts = _fill("ffill_then_value", fill_value=-1.0)
    assert table.set_index([ID, TIME])["v"].to_dict() == {
        ("a", 0): -1.0,
        ("a", 1): 5.0,
        ("b", 0): -1.0,
        ("b", 1): 1.0,
        ("b", 2): 1.0,
    }
    assert (counts["n_filled_forward"], counts["n_filled_with_value"]) == (1, 2)
    assert counts["n_left_for_train_mean"] == 0


def test_dropping_keeps_only_complete_sequences_and_says_so(caplog):
    table = pd.concat([_table(), pd.DataFrame({ID: ["c"], TIME: [0], "v": [1.0], "w": [1.0]})])
    with caplog.at_level(logging.WARNING, logger="seq_pipeline.core.tensors"):
        kept, counts = _fill("drop_sequence", table)
    assert kept[ID].tolist() == ["c"]
    assert (counts["n_dropped_sequences"], counts["n_sequences_with_missing"]) == (2, 2)
    assert caplog.messages == [
        "Dropped 2 sequence(s) with missing values from in.csv, e.g. ['b', 'a']"
    ]


def test_dropping_every_sequence_is_an_error():
    with pytest.raises(RawInputError) as error:
        _fill("drop_sequence")
    assert str(error.value) == (
        "in.csv: every sequence has missing values and `missing_values: drop_sequence` "
        "dropped them all"
    )


def test_the_error_policy_names_the_columns_the_sequences_and_the_choices():
    with pytest.raises(RawInputError) as error:
        _fill("error")
    assert str(error.value) == (
        "in.csv: column 'v': 3 missing value(s) in column(s) ['v'], sequence(s) ['b', 'a']. "
        "`missing_values: error` forbids them; choose ffill_then_train_mean, ffill_then_value "
        "or drop_sequence in parameters_normalize.yml"
    )


def test_a_complete_table_is_returned_as_it_is():
    table = _table().fillna(0.0)
    out, counts = _fill("error", table)
    assert out is table
    assert counts == {
        "policy": "error",
        "n_missing_values": 0,
        "n_sequences_with_missing": 0,
        "n_dropped_sequences": 0,
        "n_filled_forward": 0,
        "n_filled_with_value": 0,
    }


def test_the_counts_are_logged(caplog):
    with caplog.at_level(logging.INFO, logger="seq_pipeline.core.tensors"):
        _fill("ffill_then_value")
    assert caplog.messages[-1].startswith("Missing values in in.csv: {'policy': 'ffill_then_value'")

"""Long table → tensors on a few hand-made rows: order, truncation at either end, padding."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from seq_pipeline.core.columns import ID, LABEL, TIME
from seq_pipeline.core.errors import RawInputError
from seq_pipeline.core.tensors import (
    UNKNOWN_LABEL,
    NormalizeOptions,
    build_sequence_tensors,
    preprocessing_spec,
)

MAPPING = {"positive": "1", "negative": "0", "mapping": {"0": 0, "1": 1}}


def _table():
    # Sequence "b" comes first in the file and its rows are out of time order.
    return pd.DataFrame(
        {
            ID: ["b", "b", "b", "a", "a"],
            TIME: [2, 0, 1, 0, 1],
            "v": [12.0, 10.0, 11.0, 20.0, 21.0],
            LABEL: [1, 1, 1, 0, 0],
        }
    )


def _build(table, report=None, **options):
    spec = preprocessing_spec(["v"], 3, MAPPING, NormalizeOptions(**options))
    return build_sequence_tensors(table, spec, report)


def test_sequences_keep_their_file_order_and_steps_their_time_order():
    tensors, report = _build(_table())
    assert tensors["ids"].tolist() == ["b", "a"]
    assert tensors["X"][..., 0].tolist() == [[10.0, 11.0, 12.0], [20.0, 21.0, 0.0]]
    assert tensors["mask"].tolist() == [[True, True, True], [True, True, False]]
    assert tensors["y"].tolist() == [1, 0]
    assert (report["n_truncated"], report["n_padded"]) == (0, 1)


@pytest.mark.parametrize(
    ("keep", "b_values", "a_values"),
    [("first", [10.0, 11.0], [20.0, 21.0]), ("last", [11.0, 12.0], [20.0, 21.0])],
)
def test_a_long_sequence_is_cut_at_the_kept_end(keep, b_values, a_values):
    tensors, report = _build(_table(), max_seqlen=2, keep=keep)
    assert tensors["X"][..., 0].tolist() == [b_values, a_values]
    assert tensors["mask"].all()
    assert (report["keep"], report["n_truncated"], report["n_padded"]) == (keep, 1, 0)


def test_a_label_outside_the_mapping_names_the_reports_file_and_column():
    table = _table()
    table.attrs["source"] = "attrs.csv"
    table.loc[table[ID] == "a", LABEL] = 7
    with pytest.raises(RawInputError, match=r"^in\.csv: column 'target': label\(s\) \['7'\]"):
        _build(table, report={"source": "in.csv", "columns": {LABEL: "target"}})
    with pytest.raises(RawInputError, match=r"^attrs\.csv: column 'label'"):
        _build(table)


@pytest.mark.parametrize(("max_seqlen", "warned"), [(2, False), (3, False), (4, True)])
def test_only_a_max_seqlen_past_the_longest_sequence_is_cut_back_with_a_warning(
    caplog, max_seqlen, warned
):
    with caplog.at_level(logging.WARNING, logger="seq_pipeline.core.tensors"):
        spec = preprocessing_spec(["v"], 3, MAPPING, NormalizeOptions(max_seqlen=max_seqlen))
    assert spec["max_seqlen"] == min(max_seqlen, 3)
    assert bool(caplog.records) is warned


def test_values_are_float32_and_labels_int8():
    tensors, _ = _build(_table())
    assert tensors["X"].dtype == np.float32 and tensors["y"].dtype == np.int8


def test_a_table_without_labels_gets_the_unknown_label_for_every_sequence():
    tensors, _ = _build(_table().drop(columns=LABEL))
    assert tensors["y"].tolist() == [UNKNOWN_LABEL, UNKNOWN_LABEL]
    assert tensors["y"].dtype == np.int8


def test_the_report_counts_sequences_padding_and_what_filling_left(caplog):
    table = _table().assign(split=["train"] * 3 + ["test"] * 2)
    table.loc[0, "v"] = np.nan  # b's step 2: carried forward from step 1
    with caplog.at_level(logging.INFO, logger="seq_pipeline.core.tensors"):
        tensors, report = _build(table, report={"source": "in.csv"})
    assert tensors["feature_names"].dtype.kind == "U" and tensors["split"].dtype.kind == "U"
    assert dict(zip(tensors["ids"], tensors["split"], strict=True)) == {"b": "train", "a": "test"}
    assert {k: v for k, v in report.items() if k != "missing_values"} == {
        "source": "in.csv",
        "n_sequences": 2,
        "max_seqlen": 3,
        "keep": "first",
        "n_truncated": 0,
        "n_padded": 1,
        "padded_step_fraction": pytest.approx(1 / 6),
        "missing_after_fill": 0,
    }
    assert report["missing_values"]["n_filled_forward"] == 1
    assert "Built tensors X(2, 3, 1), 0 truncated, 1 padded" in caplog.messages


def test_a_numeric_group_column_is_stored_as_text():
    tensors, _ = _build(_table().assign(group=[7, 7, 7, 8, 8]))
    assert tensors["group"].tolist() == ["7", "8"]

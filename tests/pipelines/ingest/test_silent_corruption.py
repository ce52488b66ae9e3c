"""Inputs that used to become wrong data without a word: each is now refused with a message
naming the file, column and values, or read correctly. Every test also proves the raw file
and an earlier run's versioned artifacts are untouched (see `runs.refused`/`runs.accepted`).
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest
from kedro.io.core import DatasetError

from seq_pipeline.core.errors import RawInputError
from seq_pipeline.datasets import RawSequenceDataset
from tests.pipelines.ingest.factory import event_arrays, ragged_table
from tests.pipelines.ingest.runs import accepted, refused


def csv(tmp_path, table: pd.DataFrame, name: str = "raw.csv", **kwargs):
    path = tmp_path / name
    table.to_csv(path, **{"index": False, **kwargs})
    return path


def test_non_numeric_time_step_is_named(tmp_path):
    table = ragged_table(20).astype({"timestep": object})
    table.loc[table["sequence_id"] == "s004", "timestep"] = [
        f"t{i:02d}" if i == 0 else i for i in range((table["sequence_id"] == "s004").sum())
    ]
    path = csv(tmp_path, table)
    refused(
        tmp_path,
        path,
        "raw.csv",
        "column 'timestep'",
        "non-numeric",
        "'t00'",
        "'s004'",
        error=RawInputError,
    )


def test_time_steps_read_as_text_are_ordered_as_numbers(tmp_path):
    table = ragged_table(20)
    # Rows shuffled: only the time step tells the order (10 must come after 9, not after 1).
    path = csv(tmp_path, table.sample(frac=1.0, random_state=0))
    out = accepted(tmp_path, path)
    first = table[table["sequence_id"] == "s000"]
    row = list(out["primary_sequences"]["ids"]).index("s000")
    np.testing.assert_allclose(out["primary_sequences"]["X"][row, : len(first), 0], first["a"])


def test_iso_datetime_time_steps_are_ordered_in_time(tmp_path):
    table = ragged_table(20)
    start = pd.Timestamp("2024-01-31T22:00:00")
    # Hours across midnight and a month end: text order and time order differ.
    table["timestep"] = [
        (start + pd.Timedelta(hours=int(h))).isoformat() for h in table["timestep"]
    ]
    path = csv(tmp_path, table.sample(frac=1.0, random_state=1))
    out = accepted(tmp_path, path)
    first = table[table["sequence_id"] == "s003"]
    row = list(out["primary_sequences"]["ids"]).index("s003")
    np.testing.assert_allclose(out["primary_sequences"]["X"][row, : len(first), 1], first["b"])
    assert str(out["validated_sequences"]["timestep"].dtype).startswith("datetime64")


@pytest.mark.parametrize("value", [1e39, 1e308, -3.5e38])
def test_values_beyond_float32_are_refused(tmp_path, value):
    table = ragged_table(20)
    table.loc[table["sequence_id"] == "s006", "b"] = value
    path = csv(tmp_path, table)
    refused(
        tmp_path,
        path,
        "raw.csv",
        "column 'b'",
        "float32",
        repr(value),
        "'s006'",
        error=RawInputError,
    )


def parts(tmp_path, tables: list[pd.DataFrame]):
    folder = tmp_path / "parts"
    folder.mkdir()
    for i, table in enumerate(tables):
        table.to_parquet(folder / f"part-{i}.parquet")
    return folder


def halves(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = table["sequence_id"].unique()
    first = table["sequence_id"].isin(ids[: len(ids) // 2])
    return table[first], table[~first]


def test_parquet_parts_with_differently_named_columns(tmp_path):
    one, two = halves(ragged_table(20))
    folder = parts(tmp_path, [one, two.rename(columns={"b": "B"})])
    refused(
        tmp_path,
        folder,
        "parts",
        "part 'part-1.parquet'",
        "lacks ['b']",
        "adds ['B']",
        "'part-0.parquet'",
        error=DatasetError,
    )


def test_parquet_parts_with_int_and_text_labels(tmp_path):
    one, two = halves(ragged_table(20, labels=(0, 1)))
    folder = parts(tmp_path, [one, two.assign(label=two["label"].map({0: "no", 1: "yes"}))])
    refused(
        tmp_path,
        folder,
        "column 'label'",
        "numeric (int64) in 'part-0.parquet'",
        "text",
        "in 'part-1.parquet'",
        error=DatasetError,
    )


@pytest.mark.parametrize(("bad", "shown"), [(0, "[0]"), (13, "[13]")])
def test_npz_lengths_outside_one_to_t_name_the_indices(tmp_path, bad, shown):
    x, y = event_arrays(30, 12)
    lengths = np.full(30, 12)
    lengths[[4, 9]] = bad
    path = tmp_path / "raw.npz"
    np.savez(path, X=x, y=y, lengths=lengths)
    refused(
        tmp_path,
        path,
        "raw.npz",
        "'lengths'",
        "index(es) [4, 9]",
        f"length(s) {shown}",
        "outside 1..12",
        error=DatasetError,
    )


def test_csv_written_with_its_index_is_refused(tmp_path):
    path = csv(tmp_path, ragged_table(20), index=True)
    refused(
        tmp_path,
        path,
        "raw.csv",
        "column 'Unnamed: 0'",
        "no name in the header",
        "['0', '1', '2']",
        "to_csv(index=False)",
        error=RawInputError,
    )


def test_csv_naming_a_column_twice_is_refused(tmp_path):
    path = csv(tmp_path, ragged_table(20).rename(columns={"b": "a"}))
    refused(
        tmp_path,
        path,
        "raw.csv",
        "['a'] more than once",
        "positions {'a': [3, 4]}",
        "'a.1'",
        error=DatasetError,
    )


def test_ids_with_leading_zeros_are_kept(tmp_path):
    table = ragged_table(20)
    table["sequence_id"] = table["sequence_id"].str.replace("s", "000")
    path = csv(tmp_path, table)
    out = accepted(tmp_path, path)
    ids = set(out["primary_sequences"]["ids"])
    assert ids == set(table["sequence_id"]) and "000000" in ids


@pytest.mark.parametrize("sep", [";", "\t"])
def test_csv_with_another_delimiter_is_read_with_a_warning(tmp_path, caplog, sep):
    path = csv(tmp_path, ragged_table(20), sep=sep)
    with caplog.at_level(logging.WARNING):
        out = accepted(tmp_path, path)
    assert out["ingest_report"]["feature_columns"] == ["a", "b"]
    assert any("raw.csv" in r.message and repr(sep) in r.message for r in caplog.records)


def test_decimal_commas_are_named_with_the_way_to_read_them(tmp_path):
    table = ragged_table(20)
    text = table.astype({"a": str}).assign(a=lambda t: t["a"].str.replace(".", ",", regex=False))
    path = csv(tmp_path, text, sep=";")
    refused(
        tmp_path,
        path,
        "raw.csv",
        "column 'a'",
        "non-numeric",
        "decimal commas",
        "load_args: {decimal: ','}",
        error=RawInputError,
    )


def test_decimal_comma_load_arg_reads_the_numbers(tmp_path):
    table = ragged_table(20)
    path = csv(tmp_path, table, sep=";", decimal=",")
    raw = RawSequenceDataset(filepath=str(path), load_args={"decimal": ","})
    out = accepted(tmp_path, raw)
    np.testing.assert_allclose(
        out["validated_sequences"]["a"].to_numpy(), table["a"].to_numpy(), rtol=1e-6
    )


def test_true_false_columns_in_a_csv_read_as_pandas_would(tmp_path):
    table = ragged_table(20, labels=("FALSE", "TRUE"))
    table["valve"] = np.where(table["a"] > 0, "TRUE", "false")
    out = accepted(tmp_path, csv(tmp_path, table))
    assert out["validated_sequences"]["valve"].tolist() == (table["a"] > 0).astype(float).tolist()
    assert out["label_mapping"]["positive"] == "True"  # as a boolean label, whatever its case

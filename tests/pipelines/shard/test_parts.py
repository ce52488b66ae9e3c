"""The scan validates a sample of each part; what only all parts can settle is checked on all.

Single-step sequences are valid next to longer ones, and a feature may be empty in the first
rows: neither a part's sample, nor a whole part, may hold what the data as a whole lacks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from kedro_datasets.partitions import PartitionedDataset

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.errors import RawInputError
from seq_pipeline.pipelines.shard.nodes import ShardOptions, scan_parts
from tests.pipelines.ingest.factory import ragged_table
from tests.pipelines.shard.factory import by_id, concatenated, run_both, write_parts

SAMPLE = 3  # sequences of each part the scan fully validates


def one_step(table: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """`ids` cut to their first step."""
    return table[~table["sequence_id"].isin(ids) | (table["timestep"] == 0)]


def scan(table: pd.DataFrame, folder) -> dict:
    """`scan_parts` on the table written as 4 Parquet parts, as the catalog hands them over."""
    parts = write_parts(table, folder, n_parts=4)
    loaders = PartitionedDataset(
        path=str(parts), dataset="pandas.ParquetDataset", filename_suffix=".parquet"
    ).load()
    return scan_parts(loaders, ColumnSpec(), ShardOptions(sample_sequences=SAMPLE))


def test_single_step_and_empty_sampled_sequences_build_as_in_memory(tmp_path):
    # 4 parts of 10 sequences: part-000's sample (s000–s002) is one step each and has no `b`;
    # every sequence of part-001 (s010–s019) is one step.
    table = ragged_table(40)
    table.loc[table["sequence_id"].isin(["s000", "s001", "s002"]), "b"] = np.nan
    table = one_step(table, ["s000", "s001", "s002", *(f"s0{i}" for i in range(10, 20))])
    memory, sharded = run_both(
        tmp_path, table, shard_options={"sample_sequences": SAMPLE, "max_sequences_per_shard": 7}
    )
    tensors = memory.load("primary_sequences")
    flat = concatenated(sharded.load("primary_shards"))
    assert sorted(flat["ids"]) == sorted(tensors["ids"]) and len(flat["ids"]) == 40
    for key, value in by_id(flat, tensors["ids"]).items():
        np.testing.assert_array_equal(value, by_id(tensors, tensors["ids"])[key], err_msg=key)
    steps = dict(zip(flat["ids"], flat["mask"].sum(axis=1), strict=True))
    assert steps["s000"] == steps["s015"] == 1 and steps["s030"] >= 8
    assert sharded.load("preprocessing_spec") == memory.load("preprocessing_spec")
    assert sharded.load("shard_scan")["longest"] == 12


def test_every_sequence_of_every_part_one_step_names_part_column_and_ids(tmp_path):
    table = ragged_table(40)
    with pytest.raises(RawInputError) as info:
        scan(table[table["timestep"] == 0], tmp_path / "parts")
    message = str(info.value)
    for fragment in (
        "part-000.parquet: column 'sequence_id'",
        "every sequence has a single time step (40 sequences in the 4 part(s)",
        "'s000'",
    ):
        assert fragment in message, f"{fragment!r} not in {message!r}"


def test_a_feature_empty_in_every_part_names_part_and_column(tmp_path):
    table = ragged_table(40).assign(b=np.nan)
    with pytest.raises(RawInputError) as info:
        scan(table, tmp_path / "parts")
    message = str(info.value)
    assert "part-000.parquet: column 'b'" in message
    assert f"hold no value in any of the {len(table)} rows in the 4 part(s)" in message


def test_a_feature_empty_in_a_whole_part_only_is_scanned(tmp_path):
    table = ragged_table(40)
    table.loc[table["sequence_id"] < "s010", "b"] = np.nan  # all of part-000
    found = scan(table, tmp_path / "parts")
    assert found["n_sequences"] == 40 and found["feature_columns"] == ["a", "b"]

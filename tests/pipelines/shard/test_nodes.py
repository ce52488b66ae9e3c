"""The shard nodes hold one part at a time, and the engine keeps part order."""

from __future__ import annotations

import pandas as pd
import pytest
from pydantic import ValidationError

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.tensors import NormalizeOptions
from seq_pipeline.pipelines.shard.engine import map_parts
from seq_pipeline.pipelines.shard.nodes import (
    ShardOptions,
    describe_part_preprocessing,
    encode_part_labels,
    scan_parts,
    write_shards,
)
from tests.pipelines.ingest.factory import ragged_table


def loaders(table: pd.DataFrame, n_parts: int, loaded: list[str]) -> dict:
    """Part name → loader that records when it reads, as PartitionedDataset hands them out."""
    ids = table["sequence_id"].unique()
    size = -(-len(ids) // n_parts)

    def loader(name: str, chunk):
        def load() -> pd.DataFrame:
            loaded.append(name)
            return table[table["sequence_id"].isin(chunk)].reset_index(drop=True)

        return load

    return {f"p{i}": loader(f"p{i}", ids[i * size : (i + 1) * size]) for i in range(n_parts)}


def test_shards_are_built_part_by_part_as_the_dataset_asks(tmp_path):
    loaded: list[str] = []
    parts = loaders(ragged_table(30), 3, loaded)
    options = ShardOptions(max_sequences_per_shard=4)
    scan = scan_parts(parts, ColumnSpec(), options)
    assert loaded == ["p0", "p1", "p2"] and scan["n_sequences"] == 30
    spec = describe_part_preprocessing(
        scan, encode_part_labels(scan, NormalizeOptions()), NormalizeOptions()
    )
    loaded.clear()
    stream = iter(write_shards(parts, ColumnSpec(), spec, options))
    assert loaded == []  # nothing read before the dataset's save asks for a shard
    first = next(stream)
    assert loaded == ["p0"] and len(first["y"]) == 4
    sizes = [len(first["y"]), *(len(shard["y"]) for shard in stream)]
    assert loaded == ["p0", "p1", "p2"]
    assert sizes == [4, 4, 2, 4, 4, 2, 4, 4, 2]  # bounded shards, cut within each part


def test_local_engine_maps_lazily_in_order():
    seen: list[int] = []
    results = map_parts(lambda i: seen.append(i) or i * i, range(4), ShardOptions())
    assert seen == []
    assert list(results) == [0, 1, 4, 9]


def test_unknown_option_is_refused():
    with pytest.raises(ValidationError, match="worker"):
        ShardOptions.model_validate({"engine": "dask", "worker": 3})
    with pytest.raises(ValidationError):
        ShardOptions(engine="spark")

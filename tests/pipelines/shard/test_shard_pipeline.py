"""The sharded build equals the in-memory build on small data, on both engines."""

from __future__ import annotations

import json

import numpy as np
import pytest
from kedro.runner import SequentialRunner

from tests.pipelines.ingest.factory import ragged_table
from tests.pipelines.shard.factory import (
    DASK,
    SHARD,
    by_id,
    concatenated,
    run_both,
    shard_catalog,
    shard_files,
    write_parts,
)


@pytest.fixture
def table():
    """Ragged lengths (8–12 steps), string labels, a few missing values."""
    table = ragged_table(90)
    table.loc[[5, 200, 401], "a"] = np.nan
    return table


def test_shards_hold_the_in_memory_tensors_mapping_spec_and_split(tmp_path, table):
    memory, sharded = run_both(tmp_path, table, shard_options={"max_sequences_per_shard": 10})
    tensors = memory.load("primary_sequences")
    shards = sharded.load("primary_shards")
    assert shards.n_sequences == len(tensors["y"]) == 90
    assert max(shards.sizes) == 10 and len(shards) > 4  # parts cut into bounded shards
    flat = concatenated(shards)
    assert sorted(flat["ids"]) == sorted(tensors["ids"])
    for key, value in by_id(flat, tensors["ids"]).items():
        np.testing.assert_array_equal(value, by_id(tensors, tensors["ids"])[key], err_msg=key)
    first = shards.shard(0)
    np.testing.assert_array_equal(first["feature_names"], tensors["feature_names"])
    assert first["X"].dtype == np.float32 and first["y"].dtype == np.int8
    for name in ("label_mapping", "preprocessing_spec"):
        assert sharded.load(name) == memory.load(name), name
    split, mem_split = sharded.load("split_indices"), memory.load("split_indices")
    for name in ("train", "val", "test"):
        assert split[name].dtype == np.int64
        assert set(flat["ids"][split[name]]) == set(tensors["ids"][mem_split[name]]), name
    report = sharded.load("shard_report")
    assert report["n_sequences"] == 90 and report["n_parts"] == 4
    assert [p["n_sequences"] for p in report["parts"]] == [23, 23, 22, 22]
    assert sum(p["n_rows"] for p in report["parts"]) == len(table)


def test_given_split_and_groups_are_kept_per_sequence(tmp_path, table):
    patient = table["sequence_id"].str[:-1]  # ten sequences per patient
    fold = np.where(patient.str[-1].isin(["0", "1"]), "test", "train")
    table = table.assign(fold=fold, patient=patient)
    columns = {"split": "fold", "group": "patient"}
    memory, sharded = run_both(tmp_path, table, columns=columns)
    flat = sharded.load("primary_shards")
    np.testing.assert_array_equal(flat.column("split"), memory.load("primary_sequences")["split"])
    np.testing.assert_array_equal(flat.column("group"), memory.load("primary_sequences")["group"])
    split, mem_split = sharded.load("split_indices"), memory.load("split_indices")
    for name in ("train", "val", "test"):
        np.testing.assert_array_equal(split[name], mem_split[name])


def test_dask_local_cluster_writes_the_same_bytes_as_local(tmp_path, table):
    pytest.importorskip("dask.distributed", reason="the `cluster` extra (dask) is not installed")
    parts = write_parts(table, tmp_path / "parts", n_parts=5)
    outputs = {}
    for engine, options in (("local", {}), ("dask", DASK)):
        store = tmp_path / engine
        catalog = shard_catalog(parts, store, shard_options=options)
        SequentialRunner().run(SHARD, catalog)
        files = shard_files(store)
        index = json.loads(files.pop("index.json"))
        outputs[engine] = (files, index["shards"], catalog.load("split_indices"))
    local, dask = outputs["local"], outputs["dask"]
    assert local[0] == dask[0] and len(local[0]) == 5
    assert local[1] == dask[1]
    for name in ("train", "val", "test"):
        np.testing.assert_array_equal(local[2][name], dask[2][name])

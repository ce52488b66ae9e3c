"""Shards held in memory: which arrays each read asks for, and rows at the shard boundaries."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.core.shard_rows import in_given_order, selected_rows
from seq_pipeline.core.shards import Shards, ShardStream


def _shards(sizes=(2, 3)):
    """Shards of `sizes` whose `y` is the global row number; every read is logged."""
    reads = []
    start = np.concatenate([[0], np.cumsum(sizes)])
    data = {
        f"s{i}": {
            "y": np.arange(start[i], start[i + 1]),
            "X": np.arange(start[i], start[i + 1]) * 10.0,
            "feature_names": np.array(["a"]),
        }
        for i in range(len(sizes))
    }

    def read(name, keys):
        reads.append((name, keys))
        return {k: v for k, v in data[name].items() if keys is None or k in keys}

    return Shards(names=tuple(data), sizes=tuple(sizes), read=read), reads


def test_a_shard_read_passes_the_keys_as_a_tuple_or_none():
    shards, reads = _shards()
    assert set(shards.shard(1, ["y"])) == {"y"}
    shards.shard(0)
    assert reads == [("s1", ("y",)), ("s0", None)]


def test_iterating_reads_every_shard_whole_in_order():
    shards, reads = _shards()
    assert [s["y"].tolist() for s in shards] == [[0, 1], [2, 3, 4]]
    assert reads == [("s0", None), ("s1", None)]


def test_a_column_is_read_shard_by_shard_with_only_its_key():
    shards, reads = _shards()
    assert shards.column("y").tolist() == [0, 1, 2, 3, 4]
    assert reads == [("s0", ("y",)), ("s1", ("y",))]


def test_a_per_step_key_is_refused_as_a_column():
    shards, _ = _shards()
    with pytest.raises(ValueError, match=r"^'X' is not per-sequence; read it shard by shard$"):
        shards.column("X")


def test_a_column_of_no_shards_is_empty():
    shards, _ = _shards(sizes=())
    assert shards.column("y").shape == (0,)


def test_rows_at_the_boundaries_fall_in_the_shard_they_start():
    shards, _ = _shards(sizes=(2, 3, 1))
    got = shards.rows_by_shard(np.array([5, 2, 0, 1, 4]))
    assert {k: v.tolist() for k, v in got.items()} == {0: [0, 1], 1: [0, 2], 2: [0]}


def test_rows_in_one_shard_only_give_that_shard_alone():
    shards, _ = _shards()
    assert {k: v.tolist() for k, v in shards.rows_by_shard(np.array([3, 2])).items()} == {1: [0, 1]}


def test_whole_float_rows_become_integer_indices():
    shards, _ = _shards()
    local = shards.rows_by_shard(np.array([3.0, 0.0]))
    assert all(v.dtype == np.int64 for v in local.values())
    assert local[1].tolist() == [1]


def test_a_stream_produces_its_shards_when_iterated():
    stream = ShardStream(produce=lambda: ({"y": np.array([i])} for i in range(2)))
    assert [s["y"].tolist() for s in stream] == [[0], [1]]


def test_selected_rows_read_only_the_asked_keys_and_slice_per_sequence_arrays():
    shards, reads = _shards()
    got = list(selected_rows(shards, np.array([4, 1]), ["X", "feature_names"]))
    assert reads == [("s0", ("X", "feature_names")), ("s1", ("X", "feature_names"))]
    assert [rows.tolist() for rows, _ in got] == [[1], [4]]
    assert got[1][1]["X"].tolist() == [40.0]
    assert got[1][1]["feature_names"].tolist() == ["a"]


def test_selected_rows_without_keys_read_whole_shards():
    shards, reads = _shards()
    list(selected_rows(shards, np.array([0])))
    assert reads == [("s0", None)]


def test_in_given_order_puts_each_value_back_at_its_row():
    np.testing.assert_array_equal(in_given_order([2, 0, 1], np.array([7, 8, 9])), [9, 7, 8])

"""Selected rows of shards, one shard at a time, and back in the order they were asked for."""

from __future__ import annotations

import numpy as np

from seq_pipeline.core.shard_rows import in_given_order, selected_rows
from tests.pipelines.stream.factory import ReadLog, write_shards


def test_selected_rows_visit_only_shards_holding_rows(tmp_path, sequences):
    log = ReadLog(write_shards(sequences, [100, 40, 100], tmp_path / "s"))
    rows = np.array([230, 5, 99, 150, 7])
    got = list(selected_rows(log.shards, rows, ("X", "ids", "feature_names")))
    assert [g.tolist() for g, _ in got] == [[5, 7, 99], [150, 230]]
    assert log.names == ["shard-00000.npz", "shard-00002.npz"]  # the middle one is not read
    np.testing.assert_array_equal(got[0][1]["X"], sequences["X"][[5, 7, 99]])
    np.testing.assert_array_equal(got[1][1]["ids"], sequences["ids"][[150, 230]])
    assert got[0][1]["feature_names"].tolist() == ["a", "b"]


def test_in_given_order_undoes_the_sort():
    rows = np.array([30, 2, 17, 5])
    values_for_sorted = np.sort(rows) * 10.0
    np.testing.assert_array_equal(in_given_order(rows, values_for_sorted), rows * 10.0)

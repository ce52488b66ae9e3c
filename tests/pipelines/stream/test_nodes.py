"""The diagnosis sample: seeded, stratified by split and class, bounded, and in memory form."""

from __future__ import annotations

import numpy as np
import pandas as pd

from seq_pipeline.pipelines.stream.nodes import sample_predictions, sample_rows, sample_sequences
from seq_pipeline.pipelines.stream.options import StreamOptions
from tests.pipelines.stream.factory import ReadLog, write_shards


def big_split(n: int = 10_000) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    rng = np.random.default_rng(0)
    y = (rng.random(n) < 0.1).astype("int8")  # 10 % positives
    rows = rng.permutation(n)
    return y, {"train": np.sort(rows[:8000]), "val": np.sort(rows[8000:8400]), "test": rows[8400:]}


def test_sample_keeps_every_split_and_class_in_proportion():
    y, split = big_split()
    sampled = sample_rows(y, split, cap=500, seed=1)
    assert 490 <= sum(len(rows) for rows in sampled.values()) <= 510
    for name, rows in sampled.items():
        assert set(rows) <= set(split[name])
        assert set(y[rows]) == {0, 1}  # both classes in every split
        assert abs(len(rows) / 500 - len(split[name]) / 10_000) < 0.01
        assert abs(y[rows].mean() - y[split[name]].mean()) < 0.05
    again = sample_rows(y, split, cap=500, seed=1)
    assert all(np.array_equal(again[k], sampled[k]) for k in sampled)
    assert not np.array_equal(sample_rows(y, split, cap=500, seed=2)["train"], sampled["train"])


def test_a_rare_cell_still_gets_a_row():
    y = np.zeros(1000, dtype="int8")
    y[5] = 1  # one positive, in the test split
    split = {"train": np.arange(10, 1000), "test": np.arange(10)}
    sampled = sample_rows(y, split, cap=50, seed=0)
    assert 5 in sampled["test"]


def test_everything_is_kept_when_it_fits():
    y, split = big_split(300)
    sampled = sample_rows(y, {k: v[v < 300] for k, v in split.items()}, cap=1000, seed=0)
    assert sorted(np.concatenate(list(sampled.values()))) == list(range(300))


def test_sample_sequences_reads_the_rows_in_memory_form(tmp_path, sequences, split):
    log = ReadLog(write_shards(sequences, [90, 70, 80], tmp_path / "s"))
    options = StreamOptions(sample_sequences=60)
    sample, sample_split = sample_sequences(log.shards, split, options, 3)
    n = len(sample["y"])
    assert 55 <= n <= 65 and sample["X"].shape == (n, 12, 2)
    assert set(sample) == set(sequences)
    assert sample["feature_names"].tolist() == ["a", "b"]
    position = {i: k for k, i in enumerate(sequences["ids"])}
    rows = np.array([position[i] for i in sample["ids"]])
    for key in ("X", "mask", "y"):
        np.testing.assert_array_equal(sample[key], sequences[key][rows])
    for name in ("train", "val", "test"):  # the sample's split is the original split
        assert set(rows[sample_split[name]]) <= set(split[name])
        assert len(sample_split[name]) > 0
    assert len(log.value_reads()) == 3  # one read per shard, whatever the sample size

    predictions = pd.DataFrame(
        {"sequence_id": sequences["ids"], "split": "x", "y_true": 0, "probability": 0.5}
    )
    kept = sample_predictions(predictions, sample)
    assert kept["sequence_id"].tolist() == sample["ids"].tolist()

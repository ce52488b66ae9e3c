"""ShardBatches: every training row once per epoch, seeded order, one shard held at a time."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("keras")

from seq_pipeline.training.shard_batches import ShardBatches
from tests.pipelines.stream.factory import ReadLog, write_shards
from tests.training.tiny import tiny_bilstm

SIZES = [37, 50, 13, 60]  # 160 sequences, uneven shards


def numbered(n: int = 160) -> dict[str, np.ndarray]:
    """Sequences whose first value is their row number, so a batch tells which rows it holds."""
    x = np.random.default_rng(0).normal(size=(n, 10, 2)).astype("float32")
    x[:, 0, 0] = np.arange(n)
    return {
        "X": x,
        "mask": np.ones((n, 10), dtype=bool),
        "y": (np.arange(n) % 3 == 0).astype("int8"),
        "ids": np.array([f"s{i}" for i in range(n)]),
        "feature_names": np.array(["a", "b"]),
    }


@pytest.fixture
def shards(tmp_path):
    return write_shards(numbered(), SIZES, tmp_path / "shards")


def epoch_rows(batches: ShardBatches) -> np.ndarray:
    """The rows of one epoch, in the order the batches hand them out."""
    batches.on_epoch_begin()
    rows = [batch[0]["values"][:, 0, 0] for batch in (batches[i] for i in range(len(batches)))]
    return np.concatenate(rows).astype(int)


def test_every_row_once_per_epoch_in_a_new_seeded_order(shards):
    train = np.sort(np.random.default_rng(1).choice(160, 120, replace=False))
    batches = ShardBatches(shards, train, batch_size=16, seed=5)
    assert len(batches) == 8  # ceil(120 / 16): as many steps as the in-memory path
    first, second = epoch_rows(batches), epoch_rows(batches)
    for order in (first, second):
        np.testing.assert_array_equal(np.sort(order), train)
    assert not np.array_equal(first, second)  # reshuffled every epoch
    again = ShardBatches(shards, train, batch_size=16, seed=5)
    np.testing.assert_array_equal(epoch_rows(again), first)  # reproducible from the seed
    other = ShardBatches(shards, train, batch_size=16, seed=6)
    assert not np.array_equal(epoch_rows(other), first)


def test_batches_carry_the_model_inputs_and_float_labels(shards):
    sequences = numbered()
    inputs, y = ShardBatches(shards, np.arange(160), batch_size=50, seed=2)[1]
    assert set(inputs) == {"values", "mask"}
    assert inputs["values"].dtype == np.float32 and inputs["mask"].dtype == bool
    assert y.dtype == np.float32 and len(y) == 50
    rows = inputs["values"][:, 0, 0].astype(int)
    np.testing.assert_array_equal(inputs["values"], sequences["X"][rows])
    np.testing.assert_array_equal(y, sequences["y"][rows])


def test_each_shard_read_at_most_once_per_epoch(shards):
    log = ReadLog(shards)
    batches = ShardBatches(log.shards, np.arange(160), batch_size=16, seed=3)
    per_epoch = []
    for _ in range(3):
        before = len(log.value_reads())
        epoch_rows(batches)
        per_epoch.append(log.value_reads()[before:])
    # Batches straddle shard borders, yet no shard is read twice in an epoch: only the
    # current shard is held and it is never read back. (An epoch that starts on the shard
    # the last one ended on reuses it.)
    assert sorted(per_epoch[0]) == list(shards.names)
    for reads in per_epoch[1:]:
        assert len(reads) == len(set(reads)) >= len(SIZES) - 1
    assert batches.shard_reads == sum(len(reads) for reads in per_epoch)


def test_validation_batches_keep_shard_order(shards):
    val = np.array([150, 3, 99, 40])
    batches = ShardBatches(shards, val, batch_size=1024, seed=None)
    assert len(batches) == 1
    np.testing.assert_array_equal(epoch_rows(batches), np.sort(val))
    np.testing.assert_array_equal(epoch_rows(batches), np.sort(val))
    with pytest.raises(IndexError):
        batches[1]


def test_keras_fit_runs_the_epochs_on_the_streamed_batches(shards):
    log = ReadLog(shards)
    train = ShardBatches(log.shards, np.arange(120), batch_size=16, seed=0)
    val = ShardBatches(log.shards, np.arange(120, 160), batch_size=1024, seed=None)
    model = tiny_bilstm()
    history = model.fit(train, validation_data=val, epochs=2, shuffle=False, verbose=0)
    assert len(history.history["val_loss"]) == 2
    assert train.epoch == 1  # Keras began a second epoch (0, 1), which had its own order
    # Training rows sit in all 4 shards; the TensorFlow backend peeks at the first two
    # batches before training, which may read one or two shards once more.
    assert 2 * 4 <= train.shard_reads <= 2 * 4 + 2

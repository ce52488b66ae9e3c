"""ShardedNPZDataset: versioned shards written one at a time, loaded lazily."""

from __future__ import annotations

import tracemalloc

import fsspec
import numpy as np
import pytest
from kedro.io.core import DatasetError, Version

from seq_pipeline.core.shards import ShardStream
from seq_pipeline.datasets import ShardedNPZDataset


def _shard(start: int, n: int) -> dict[str, np.ndarray]:
    ids = np.arange(start, start + n)
    return {
        "X": np.arange(n * 3 * 2, dtype=np.float32).reshape(n, 3, 2) + start,
        "mask": np.ones((n, 3), dtype=bool),
        "y": (ids % 2).astype(np.int8),
        "ids": ids.astype(str),
        "feature_names": np.array(["a", "b"]),
    }


def _stream(sizes, produced=None) -> ShardStream:
    def produce():
        start = 0
        for n in sizes:
            if produced is not None:
                produced.append(n)
            yield _shard(start, n)
            start += n

    return ShardStream(produce, metadata={"n_steps": 3})


def test_round_trip_keeps_order_sizes_and_metadata(tmp_path):
    dataset = ShardedNPZDataset(filepath=str(tmp_path / "seq"), version=Version(None, None))
    dataset.save(_stream([4, 3, 5]))
    shards = ShardedNPZDataset(filepath=str(tmp_path / "seq"), version=Version(None, None)).load()
    assert shards.sizes == (4, 3, 5)
    assert shards.n_sequences == 12
    assert shards.metadata == {"n_steps": 3}
    np.testing.assert_array_equal(shards.offsets, [0, 4, 7])
    np.testing.assert_array_equal(shards.shard(1)["X"], _shard(4, 3)["X"])
    np.testing.assert_array_equal(shards.column("ids"), np.arange(12).astype(str))
    assert set(shards.shard(2, ["y"])) == {"y"}


def test_stream_is_consumed_by_the_save_one_shard_at_a_time(tmp_path):
    produced: list[int] = []
    stream = _stream([2, 2, 2], produced)
    assert produced == []  # nothing computed before the save asks for it
    ShardedNPZDataset(filepath=str(tmp_path / "seq")).save(stream)
    assert produced == [2, 2, 2]


def test_rows_by_shard_maps_global_rows_to_local_ones(tmp_path):
    dataset = ShardedNPZDataset(filepath=str(tmp_path / "seq"))
    dataset.save(_stream([4, 3, 5]))
    grouped = dataset.load().rows_by_shard(np.array([11, 0, 4, 6, 7]))
    assert sorted(grouped) == [0, 1, 2]
    np.testing.assert_array_equal(grouped[0], [0])
    np.testing.assert_array_equal(grouped[1], [0, 2])
    np.testing.assert_array_equal(grouped[2], [0, 4])


def test_versions_are_kept_and_an_unfinished_one_is_never_loaded(tmp_path):
    first = ShardedNPZDataset(
        filepath=str(tmp_path / "seq"), version=Version(None, "2026-01-01T00.00.00.000Z")
    )
    first.save(_stream([3]))
    # A later save that died before writing its index: shards but no index.json.
    broken = tmp_path / "seq" / "2026-01-02T00.00.00.000Z" / "seq"
    broken.mkdir(parents=True)
    (broken / "shard-00000.npz").write_bytes(b"partial")
    latest = ShardedNPZDataset(filepath=str(tmp_path / "seq"), version=Version(None, None)).load()
    assert latest.sizes == (3,)
    with pytest.raises(DatasetError):
        ShardedNPZDataset(
            filepath=str(tmp_path / "seq"), version=Version(None, "2026-01-01T00.00.00.000Z")
        ).save(_stream([1]))  # a saved version is never overwritten


def test_refuses_a_single_dict_and_object_arrays(tmp_path):
    dataset = ShardedNPZDataset(filepath=str(tmp_path / "seq"))
    with pytest.raises(DatasetError, match="iterable of shard dicts"):
        dataset.save(_shard(0, 2))
    bad = _shard(0, 2) | {"ids": np.array([object(), object()])}
    with pytest.raises(DatasetError, match="'ids' has dtype object"):
        dataset.save([bad])


def test_per_sequence_columns_only(tmp_path):
    dataset = ShardedNPZDataset(filepath=str(tmp_path / "seq"))
    dataset.save(_stream([2]))
    with pytest.raises(ValueError, match="read it shard by shard"):
        dataset.load().column("X")


def test_works_on_an_fsspec_memory_root():
    dataset = ShardedNPZDataset(filepath="memory:///shards/seq", version=Version(None, None))
    dataset.save(_stream([2, 1]))
    assert ShardedNPZDataset(
        filepath="memory:///shards/seq", version=Version(None, None)
    ).load().sizes == (2, 1)


@pytest.fixture(params=["local", "memory"])
def root(request, tmp_path):
    """A local folder, or one on fsspec's in-memory filesystem (freed after the test)."""
    if request.param == "local":
        return str(tmp_path)
    request.addfinalizer(lambda: fsspec.filesystem("memory").rm(str(tmp_path), recursive=True))
    return f"memory://{tmp_path}"


def test_column_reads_only_its_key_of_each_shard(root):
    folder = f"{root}/seq"
    rng = np.random.default_rng(0)
    big = [_shard(0, 4) | {"X": rng.random((4, 250_000), dtype=np.float32)} for _ in range(2)]
    ShardedNPZDataset(filepath=folder).save(big)  # two shards of 4 MB, of which 4 bytes `y`
    shards = ShardedNPZDataset(filepath=folder).load()
    tracemalloc.start()
    try:
        labels = shards.column("y")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(labels, np.concatenate([shard["y"] for shard in big]))
    assert peak < 256 * 1024, f"{peak} bytes held to read 8 labels"
    np.testing.assert_array_equal(shards.shard(1)["X"], big[1]["X"])  # all keys still read

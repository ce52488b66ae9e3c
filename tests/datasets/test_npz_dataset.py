"""NPZDataset: round trip, versioning, and refusing pickled content."""

from __future__ import annotations

import io

import numpy as np
import pytest
from kedro.io.core import DatasetError, Version

from seq_pipeline.datasets import NPZDataset
from seq_pipeline.datasets.npz_dataset import npz_bytes, read_npz


@pytest.fixture
def arrays() -> dict[str, np.ndarray]:
    return {
        "X": np.arange(24, dtype=np.float32).reshape(2, 4, 3),
        "mask": np.array([[True, True, False, False], [True, True, True, True]]),
        "ids": np.array(["a", "b"]),
    }


def test_round_trip_keeps_values_dtypes_and_shapes(tmp_path, arrays):
    dataset = NPZDataset(filepath=str(tmp_path / "t.npz"))
    assert not dataset.exists()
    dataset.save(arrays)
    loaded = dataset.load()
    assert dataset.exists()
    assert set(loaded) == set(arrays)
    for key, value in arrays.items():
        np.testing.assert_array_equal(loaded[key], value)
        assert loaded[key].dtype == value.dtype


def test_versions_are_kept_and_never_overwritten(tmp_path, arrays):
    path = str(tmp_path / "split.npz")
    first = NPZDataset(filepath=path, version=Version(None, "2024-01-01T00.00.00.000Z"))
    second = NPZDataset(filepath=path, version=Version(None, "2024-01-02T00.00.00.000Z"))
    first.save(arrays)
    second.save({**arrays, "X": arrays["X"] + 1})

    latest = NPZDataset(filepath=path, version=Version(None, None)).load()
    pinned = NPZDataset(filepath=path, version=Version("2024-01-01T00.00.00.000Z", None)).load()
    np.testing.assert_array_equal(latest["X"], arrays["X"] + 1)
    np.testing.assert_array_equal(pinned["X"], arrays["X"])
    with pytest.raises(DatasetError, match="must not exist"):
        first.save(arrays)
    np.testing.assert_array_equal(pinned["X"], arrays["X"])


def test_object_arrays_are_refused_at_save(tmp_path):
    dataset = NPZDataset(filepath=str(tmp_path / "t.npz"))
    with pytest.raises(DatasetError, match="'ids' has dtype object"):
        dataset.save({"ids": np.array([{"a": 1}, None], dtype=object)})
    assert not dataset.exists()


def test_pickled_content_is_not_loaded(tmp_path):
    path = tmp_path / "pickled.npz"
    np.savez(path, ids=np.array([{"a": 1}], dtype=object))
    with pytest.raises(DatasetError, match="Object arrays cannot be loaded"):
        NPZDataset(filepath=str(path)).load()


def test_uncompressed_files_load_the_same(tmp_path, arrays):
    compressed = NPZDataset(filepath=str(tmp_path / "c.npz"))
    plain = NPZDataset(filepath=str(tmp_path / "p.npz"), compress=False)
    compressed.save(arrays)
    plain.save(arrays)
    np.testing.assert_array_equal(compressed.load()["X"], plain.load()["X"])
    assert (tmp_path / "c.npz").stat().st_size < (tmp_path / "p.npz").stat().st_size


class CountingFile(io.FileIO):
    """A real file that counts the bytes read from it."""

    n_read = 0

    def read(self, size: int = -1) -> bytes:
        data = super().read(size)
        self.n_read += len(data)
        return data

    def readinto(self, buffer) -> int:
        n = super().readinto(buffer)
        self.n_read += n or 0
        return n


@pytest.mark.parametrize("compress", [True, False])
def test_read_npz_reads_only_the_asked_member(tmp_path, compress):
    path = tmp_path / "shard.npz"
    big = np.random.default_rng(0).random((1000, 500))  # 4 MB of float64 noise
    path.write_bytes(npz_bytes({"X": big, "y": np.arange(7, dtype=np.int8)}, compress))
    size = path.stat().st_size
    with CountingFile(path) as file:
        only_y = read_npz(file, str(path), ("y",))
    assert set(only_y) == {"y"} and only_y["y"].tolist() == list(range(7))
    assert file.n_read < 4096 < size  # the zip directory and `y`, not `X`
    with CountingFile(path) as file:
        everything = read_npz(file, str(path))
    np.testing.assert_array_equal(everything["X"], big)
    assert file.n_read > 0.9 * size  # all of it
    with CountingFile(path) as file, pytest.raises(DatasetError, match=r"shard\.npz"):
        read_npz(file, str(path), ("z",))

"""RawSequenceDataset reads any fsspec URL: every format from an in-memory store, unchanged."""

from __future__ import annotations

import io
from pathlib import Path

import fsspec
import numpy as np
import pytest

from seq_pipeline.core.errors import RawInputError
from seq_pipeline.datasets import RawSequenceDataset
from tests.pipelines.ingest.factory import event_arrays, ragged_table


@pytest.fixture
def store(tmp_path):
    """A fresh in-memory folder (three slashes: no host part) and its filesystem."""
    fs = fsspec.filesystem("memory")
    root = f"/{tmp_path.name}"
    yield fs, f"memory://{root}"
    if fs.exists(root):
        fs.rm(root, recursive=True)


def put(fs, url: str, data: bytes) -> None:
    with fs.open(url.removeprefix("memory://"), "wb") as f:
        f.write(data)


def test_csv_parquet_and_parquet_parts_from_a_url(store):
    fs, root = store
    table = ragged_table(12)
    put(fs, f"{root}/raw.csv", table.to_csv(index=False).encode())
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    put(fs, f"{root}/raw.parquet", buffer.getvalue())
    for i, part in enumerate((table.iloc[:50], table.iloc[50:])):
        part_buffer = io.BytesIO()
        part.to_parquet(part_buffer, index=False)
        put(fs, f"{root}/parts/part-{i}.parquet", part_buffer.getvalue())
    for name in ("raw.csv", "raw.parquet", "parts"):
        loaded = RawSequenceDataset(filepath=f"{root}/{name}").load()
        assert len(loaded) == len(table), name
        assert loaded.attrs["source"] == f"{root}/{name}"
        np.testing.assert_allclose(loaded["a"].astype(float), table["a"], err_msg=name)


def test_npz_and_ts_archive_folder_from_a_url(store):
    fs, root = store
    x, y = event_arrays(8, 10)
    buffer = io.BytesIO()
    np.savez(buffer, X=x, y=y)
    put(fs, f"{root}/raw.npz", buffer.getvalue())
    assert RawSequenceDataset(filepath=f"{root}/raw.npz").load()["sequence_id"].nunique() == 8

    pytest.importorskip("aeon", reason="the `ts` extra reads .ts files")
    import aeon.datasets

    folder = Path(aeon.datasets.__file__).parent / "data" / "ItalyPowerDemand"
    for part in ("TRAIN", "TEST"):
        put(
            fs,
            f"{root}/ipd/ItalyPowerDemand_{part}.ts",
            (folder / f"ItalyPowerDemand_{part}.ts").read_bytes(),
        )
    loaded = RawSequenceDataset(filepath=f"{root}/ipd").load()
    counts = loaded.drop_duplicates("sequence_id")["split"].value_counts().to_dict()
    assert counts == {"train": 67, "test": 1029}


def test_a_missing_url_is_named(store):
    _, root = store
    with pytest.raises(RawInputError, match=r"memory://.*/nowhere\.csv: raw input does not exist"):
        RawSequenceDataset(filepath=f"{root}/nowhere.csv").load()

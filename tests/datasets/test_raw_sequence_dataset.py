"""RawSequenceDataset: format dispatch, read-only behaviour and unreadable-input messages."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from kedro.io.core import DatasetError

from seq_pipeline.core.errors import RawInputError
from seq_pipeline.datasets import RawSequenceDataset
from tests.pipelines.ingest.factory import event_arrays, ragged_table, sha256


def test_save_is_refused_and_file_untouched(tmp_path):
    path = tmp_path / "raw.csv"
    ragged_table(5).to_csv(path, index=False)
    before = sha256(path)
    with pytest.raises(DatasetError, match="never written"):
        RawSequenceDataset(filepath=str(path)).save(ragged_table(5))
    assert sha256(path) == before


def test_unknown_extension_lists_supported_formats(tmp_path):
    path = tmp_path / "raw.xlsx"
    path.write_bytes(b"x")
    with pytest.raises(RawInputError, match=r"raw.xlsx.*supported: \.csv"):
        RawSequenceDataset(filepath=str(path)).load()


def test_missing_file_is_named(tmp_path):
    with pytest.raises(RawInputError, match=r"nowhere\.parquet: raw input does not exist"):
        RawSequenceDataset(filepath=str(tmp_path / "nowhere.parquet")).load()


def test_npz_without_y_names_keys(tmp_path):
    path = tmp_path / "raw.npz"
    np.savez(path, X=np.zeros((2, 3, 1)))
    with pytest.raises(RawInputError, match=r"raw.npz: lacks array\(s\) \['y'\]"):
        RawSequenceDataset(filepath=str(path)).load()


def test_npz_lengths_make_ragged_rows(tmp_path):
    x, y = event_arrays(4, 10)
    path = tmp_path / "raw.npz"
    np.savez(path, X=x, y=y, lengths=np.array([10, 8, 9, 3]))
    table = RawSequenceDataset(filepath=str(path)).load()
    assert table.groupby("sequence_id").size().to_dict() == {"0": 10, "1": 8, "2": 9, "3": 3}
    assert table.attrs["format"] == "npz" and table.attrs["source"] == str(path)


def test_empty_parquet_directory_is_named(tmp_path):
    (tmp_path / "parts").mkdir()
    with pytest.raises(RawInputError, match=r"parts: directory holds no '\*.parquet' parts"):
        RawSequenceDataset(filepath=str(tmp_path / "parts")).load()


def test_ts_without_aeon_says_which_extra_to_install(tmp_path, monkeypatch):
    path = tmp_path / "raw.ts"
    path.write_text("@data\n")
    monkeypatch.setitem(sys.modules, "aeon.datasets", None)
    with pytest.raises(RawInputError, match=r"raw.ts: .*pip install -e '\.\[ts\]'"):
        RawSequenceDataset(filepath=str(path)).load()

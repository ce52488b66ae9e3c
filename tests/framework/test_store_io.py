"""Run records are written atomically and a damaged one is named, never a bare JSONDecodeError."""

from __future__ import annotations

import errno
import json

import fsspec
import pytest

from seq_pipeline.framework import store_io
from seq_pipeline.framework.store_io import UnreadableRecordError, read_json, write_json


def _full_disk_after_half(handle, text: str) -> None:
    handle.write(text[: len(text) // 2])
    handle.flush()
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_during_a_write_keeps_the_previous_record(tmp_path, monkeypatch):
    fs = fsspec.filesystem("file")
    path = str(tmp_path / "status" / "part.json")
    write_json(fs, path, {"status": "running"})
    monkeypatch.setattr(store_io, "_write_text", _full_disk_after_half)
    with pytest.raises(OSError, match="No space left"):
        write_json(fs, path, {"status": "succeeded", "outputs": ["x"] * 100})
    assert json.loads((tmp_path / "status" / "part.json").read_text()) == {"status": "running"}
    assert [p.name for p in (tmp_path / "status").iterdir()] == ["part.json"]  # no temp left


def test_a_filesystem_without_rename_is_written_and_read_back():
    fs = fsspec.filesystem("memory")
    write_json(fs, "/store-io/a.json", {"k": [1, 2]})
    assert read_json(fs, "/store-io/a.json") == {"k": [1, 2]}
    assert read_json(fs, "/store-io/missing.json") is None


@pytest.mark.parametrize(
    ("content", "why"),
    [(b"", "empty"), (b'{"part": "tr', "not valid JSON"), (b"[1, 2]", "not an object")],
)
def test_a_damaged_record_names_its_file(tmp_path, content, why):
    path = tmp_path / "manifest.json"
    path.write_bytes(content)
    with pytest.raises(UnreadableRecordError, match=why) as caught:
        read_json(fsspec.filesystem("file"), str(path))
    assert str(path) in str(caught.value)

"""Run records: their exact JSON text, where the temporary file lives, and damaged reads."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import fsspec
import pytest
from fsspec.implementations.local import LocalFileSystem

from seq_pipeline.framework import store_io
from seq_pipeline.framework.store_io import UnreadableRecordError, read_json, write_json


def test_a_record_is_indented_json_with_other_values_as_text(tmp_path):
    path = str(tmp_path / "r.json")
    write_json(LocalFileSystem(), path, {"when": date(2026, 1, 2), "n": [1]})
    assert Path(path).read_text() == '{\n  "when": "2026-01-02",\n  "n": [\n    1\n  ]\n}'


def test_the_temporary_file_is_hidden_beside_the_record(tmp_path, monkeypatch):
    renames = []
    real_replace = os.replace

    def spy(src, dst):
        renames.append((src, dst))
        real_replace(src, dst)

    monkeypatch.setattr(store_io.os, "replace", spy)
    path = str(tmp_path / "runs" / "r.json")
    write_json(LocalFileSystem(), path, {"a": 1})
    ((src, dst),) = renames
    # Same folder: a rename is atomic only within one filesystem.
    assert os.path.dirname(src) == str(tmp_path / "runs") and dst == path
    assert os.path.basename(src).startswith(".tmp-")
    assert os.listdir(tmp_path / "runs") == ["r.json"]


def test_a_short_write_to_an_object_store_is_caught_on_read_back(monkeypatch):
    monkeypatch.setattr(store_io, "_write_text", lambda f, text: f.write(text[:-1]))
    fs = fsspec.filesystem("memory")
    with pytest.raises(OSError) as error:
        write_json(fs, "/store-io-test/r.json", {"a": 1})
    assert (
        str(error.value)
        == "/store-io-test/r.json: the record read back differs from the one written"
    )


@pytest.mark.parametrize(
    ("content", "why"),
    [(b"", "the file is empty (0 bytes)"), (b"[1, 2]", "a JSON list, not an object")],
)
def test_a_damaged_record_names_the_file_and_why(tmp_path, content, why):
    path = tmp_path / "r.json"
    path.write_bytes(content)
    with pytest.raises(UnreadableRecordError) as error:
        read_json(LocalFileSystem(), str(path))
    assert (error.value.path, error.value.why) == (str(path), why)
    assert str(error.value) == f"{path}: {why}"

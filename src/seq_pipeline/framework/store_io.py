"""Atomic JSON records on any fsspec filesystem, and reads that name the damaged file.

A record is never seen half-written: on a local disk it is written to a temporary file in
the same folder, flushed and renamed over the old one (`os.replace`), so a full disk or a kill
leaves the previous record intact. Object stores have no rename but write an object whole
on close; there the record is read back and compared, so a short write is an error at once.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from fsspec import AbstractFileSystem
from fsspec.implementations.local import LocalFileSystem


class UnreadableRecordError(ValueError):
    """A run record (manifest, status, lineage) exists but is not a readable JSON object."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path}: {why}")
        self.path = path
        self.why = why


def _write_text(handle: Any, text: str) -> None:
    """Write the whole text (one place, so a test can make the disk fill up here)."""
    handle.write(text)


def write_json(fs: AbstractFileSystem, path: str, data: dict[str, Any]) -> None:
    """Replace the JSON record at `path` atomically (rename) or verified (object stores)."""
    write_text(fs, path, json.dumps(data, indent=2, default=str))


def write_text(fs: AbstractFileSystem, path: str, text: str) -> None:
    """Replace the text file at `path` atomically (rename) or verified (object stores)."""
    folder = path.rsplit("/", 1)[0]
    fs.makedirs(folder, exist_ok=True)
    if isinstance(fs, LocalFileSystem):
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(handle, "w") as f:
                _write_text(f, text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temp, path)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise
        return
    with fs.open(path, "w") as f:
        _write_text(f, text)
    with fs.open(path, "r") as f:
        if f.read() != text:
            raise OSError(f"{path}: the record read back differs from the one written")


def read_json(fs: AbstractFileSystem, path: str) -> dict[str, Any] | None:
    """The JSON object at `path`, None if there is none, or `UnreadableRecordError`."""
    try:
        with fs.open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        return None
    if not raw:
        raise UnreadableRecordError(path, "the file is empty (0 bytes)")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise UnreadableRecordError(path, f"not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise UnreadableRecordError(path, f"a JSON {type(data).__name__}, not an object")
    return data

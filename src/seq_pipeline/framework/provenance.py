"""What a run was made from: the raw input's digest, package versions, the code's commit."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import fsspec

from seq_pipeline.core.redact import redact, redact_all
from seq_pipeline.framework.runs import RunError

PACKAGES = (
    "seq_pipeline",
    "kedro",
    "kedro-datasets",
    "keras",
    "tensorflow",
    "numpy",
    "pandas",
    "scikit-learn",
)


class NotARegularFileError(RunError):
    """An input that is a FIFO, a device or a socket: reading it could block for ever."""


def _regular_files(fs: Any, path: str, shown: str) -> list[str]:
    """The files below `path` (or `path` itself), refusing anything but files and folders."""
    info = fs.info(path)
    if info.get("type") == "directory":
        files = sorted(fs.find(path, detail=True).items())
        bad = [name for name, item in files if item.get("type") not in ("file", "directory")]
        if bad:
            raise NotARegularFileError(
                f"{shown}: {redact(bad[0])} is not a regular file (a FIFO, device or socket)"
            )
        return [name for name, item in files if item.get("type") == "file"]
    if info.get("type") != "file":
        raise NotARegularFileError(
            f"{shown} is not a regular file or folder (a FIFO, device or socket): "
            "point raw_path at a data file"
        )
    return [path]


def content_sha256(fs: Any, path: str) -> str:
    """sha256 of a file, or of every file below a folder with its relative name, in name order."""
    files = _regular_files(fs, path, str(redact(path)))
    digest = hashlib.sha256()
    single = len(files) == 1 and files[0] == path
    for file in files:
        if not single:
            digest.update(file[len(path) :].lstrip("/").encode() + b"\0")
        with fs.open(file, "rb") as f:
            for block in iter(lambda f=f: f.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def file_sha256(url: str) -> str | None:
    """sha256 of a raw input (a file, or every file below a folder), via fsspec.

    Anything that is not a regular file or folder is refused before a byte is read.
    """
    if ":" in url.split("/", 1)[0] and not re.match(r"^[a-z][a-z0-9+.-]*://", url):
        return None  # `aeon:<Name>`: a dataset inside an installed package, identified by name
    fs, path = fsspec.core.url_to_fs(url)
    if not fs.exists(path):
        return None
    # File contents only, in name order: the digest earlier runs recorded for the same input.
    digest = hashlib.sha256()
    for file in _regular_files(fs, path, str(redact(url))):
        with fs.open(file, "rb") as f:
            for block in iter(lambda f=f: f.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def package_versions() -> dict[str, str | None]:
    """Installed versions of the packages a result depends on."""
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def code_version(project_path: Path) -> str | None:
    """The git commit of the project (with `-dirty` for local changes), where known."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=12"],
            cwd=project_path,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def jsonable(value: Any) -> Any:
    """Parameters as JSON data (Pydantic models and dataclasses as objects), credentials masked."""
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(item) for item in value]
    if isinstance(value, Path):
        value = str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return redact_all(value)
    return redact(str(value))

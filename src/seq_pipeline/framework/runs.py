"""Run identity: one `run_id` ties together every artifact a run writes, across processes.

Layout (any fsspec URL as the root)::

    <runs_dir>/<run_id>/manifest.json          run id, raw input + sha256, parameters, versions
    <runs_dir>/<run_id>/status/<part>.json     one file per pipeline (or node set) that ran
    <runs_dir>/<run_id>/02_intermediate/…      every catalog artifact of layers 02–08

A run is *complete* when every part recorded in its status folder succeeded; a run with a
running or failed part is never picked by another run. Status files are per part (not one
shared file) so scheduler tasks that run side by side never overwrite each other's record.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import subprocess
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import fsspec

# `fullmatch`, never `match` with `$`: `$` also matches before a trailing newline.
RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
RAW_DATASET = "raw_sequences"
# The same input as a folder of Parquet parts, read part by part (`--pipelines shard`).
RAW_PARTS_DATASET = "raw_sequence_parts"
# Inputs that come from outside any run: a pipeline reading only these starts a fresh run.
EXTERNAL_INPUTS = frozenset({RAW_DATASET, RAW_PARTS_DATASET, "inference_sequences"})
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


def runs_dir(data_root: str) -> str:
    """Where runs live below the configured data root (the catalog uses the same layout)."""
    return f"{str(data_root).rstrip('/')}/runs"


class RunError(ValueError):
    """A run id that cannot be used, or no run to read from."""


def new_run_id() -> str:
    """A sortable, unique id: UTC time to the millisecond plus a random suffix."""
    now = datetime.now(timezone.utc)
    return f"{now:%Y%m%dT%H%M%S}{now.microsecond // 1000:03d}Z-{secrets.token_hex(3)}"


def check_run_id(run_id: object) -> str:
    """The run id as a string, or a `RunError` saying which characters are allowed."""
    text = str(run_id)
    if not RUN_ID.fullmatch(text):
        raise RunError(
            f"run_id {text!r} is not a valid run id: use letters, digits, '.', '_' and '-' "
            "(at most 128, starting with a letter or digit)"
        )
    return text


def sanitize_run_id(scheduler_run_id: str) -> str:
    """A scheduler's run id made valid, the same for every task of that scheduler run.

    Characters a run id may not hold become '-': Airflow's `manual__2026-01-01T00:00:00+00:00`
    becomes `manual__2026-01-01T00-00-00-00-00`.
    """
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "-", scheduler_run_id).lstrip("._-")[:128]
    if not cleaned:
        raise RunError(f"cannot make a run id from the scheduler run id {scheduler_run_id!r}")
    return check_run_id(cleaned)


def upstream_inputs(free_inputs: set[str]) -> set[str]:
    """The inputs a pipeline reads from an earlier run (not parameters, not raw files)."""
    return {
        name
        for name in free_inputs
        if not name.startswith("params:") and name != "parameters" and name not in EXTERNAL_INPUTS
    }


class RunStore:
    """Reads and writes run manifests and status records under `runs_dir` (any fsspec URL)."""

    def __init__(self, runs_dir: str) -> None:
        self.runs_dir = str(runs_dir).rstrip("/")
        self.fs, self.root = fsspec.core.url_to_fs(self.runs_dir)

    def _path(self, run_id: str, *parts: str) -> str:
        return "/".join([self.root, run_id, *parts])

    def _read(self, path: str) -> dict[str, Any] | None:
        if not self.fs.exists(path):
            return None
        with self.fs.open(path, "r") as f:
            return json.load(f)

    def _write(self, path: str, data: dict[str, Any]) -> None:
        self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        with self.fs.open(path, "w") as f:
            json.dump(data, f, indent=2, default=str)

    def manifest(self, run_id: str) -> dict[str, Any] | None:
        return self._read(self._path(run_id, "manifest.json"))

    def write_manifest(self, run_id: str, manifest: dict[str, Any]) -> None:
        self._write(self._path(run_id, "manifest.json"), manifest)

    def statuses(self, run_id: str) -> dict[str, dict[str, Any]]:
        """Every recorded part of a run and its status record."""
        folder = self._path(run_id, "status")
        if not self.fs.exists(folder):
            return {}
        records = {}
        for path in sorted(self.fs.glob(folder + "/*.json")):
            with self.fs.open(path, "r") as f:
                record = json.load(f)
            records[record["part"]] = record
        return records

    def write_status(self, run_id: str, part: str, record: dict[str, Any]) -> None:
        slug = re.sub(r"[^A-Za-z0-9._-]", "_", part)[:100]
        digest = hashlib.sha256(part.encode()).hexdigest()[:8]
        self._write(self._path(run_id, "status", f"{slug}-{digest}.json"), {"part": part, **record})

    def run_ids(self) -> list[str]:
        """Runs with a manifest, oldest first (ids sort by creation time)."""
        if not self.fs.exists(self.root):
            return []
        found = [p.rstrip("/").rsplit("/", 1)[-1] for p in self.fs.ls(self.root, detail=False)]
        return sorted(r for r in found if RUN_ID.fullmatch(r) and self.manifest(r) is not None)

    def is_complete(self, run_id: str) -> bool:
        """Something ran, and every part that ran succeeded."""
        records = self.statuses(run_id).values()
        return bool(records) and all(r.get("status") == "succeeded" for r in records)

    def outputs(self, run_id: str) -> set[str]:
        """Datasets written by the run's succeeded parts."""
        return {
            name
            for record in self.statuses(run_id).values()
            if record.get("status") == "succeeded"
            for name in record.get("outputs", [])
        }

    def latest_complete(self, needs: set[str]) -> str | None:
        """The newest complete run that wrote every dataset in `needs`."""
        for run_id in reversed(self.run_ids()):
            if self.is_complete(run_id) and needs <= self.outputs(run_id):
                return run_id
        return None


def resolve_run_id(given: object, runs_dir: str, free_inputs: set[str]) -> str:
    """The given run id, else a fresh one (pipelines from raw data) or the latest complete run."""
    if given is not None:
        return check_run_id(given)
    needs = upstream_inputs(free_inputs)
    if not needs:
        return new_run_id()
    found = RunStore(runs_dir).latest_complete(needs)
    if found is None:
        raise RunError(
            f"no complete run under '{runs_dir}' has {sorted(needs)}: run the upstream "
            "pipelines first, or pass --params run_id=<id> of a run that has them"
        )
    return found


def file_sha256(url: str) -> str | None:
    """sha256 of a file (or of every file below a folder, in name order), via fsspec."""
    if ":" in url.split("/", 1)[0] and not re.match(r"^[a-z][a-z0-9+.-]*://", url):
        return None  # `aeon:<Name>`: a dataset inside an installed package, identified by name
    fs, path = fsspec.core.url_to_fs(url)
    if not fs.exists(path):
        return None
    files = sorted(fs.find(path)) if fs.isdir(path) else [path]
    digest = hashlib.sha256()
    for file in files:
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

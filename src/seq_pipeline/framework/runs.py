"""Run identity: one `run_id` ties together every artifact a run writes, across processes.

Layout (any fsspec URL as the root; docs/runs.md has the design and a diagram)::

    <runs_dir>/<run_id>/manifest.json          run id, creation time, raw input + sha256, ...
    <runs_dir>/<run_id>/status/<part>.json     one file per part (pipelines or node set) run
    <runs_dir>/<run_id>/lineage/<part>.json    every artifact version the part saved (lineage.py)
    <runs_dir>/<run_id>/02_intermediate/…      every catalog artifact of layers 02–08

Runs are ordered by their recorded creation time, never by name. Status files are per part
(not one shared file) so scheduler tasks that run side by side never overwrite each other's
record; a part's name is canonical (sorted), so the same command always names the same part
and re-running it replaces the record of a crashed attempt.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import socket
from datetime import datetime, timedelta, timezone
from typing import Any

import fsspec

from seq_pipeline.framework.store_io import UnreadableRecordError, read_json, write_json

logger = logging.getLogger(__name__)

# `fullmatch`, never `match` with `$`: `$` also matches before a trailing newline.
RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
# Names in the runs folder that are not runs: the pointer to the latest complete run.
RESERVED = frozenset({"latest", "LATEST"})
RAW_DATASET = "raw_sequences"
# The same input as a folder of Parquet parts, read part by part (`--pipelines shard`).
RAW_PARTS_DATASET = "raw_sequence_parts"
# The run's own manifest, which every run has from its start (reports read it).
MANIFEST_DATASET = "run_manifest"
# Inputs that come from outside any run's pipelines: a pipeline reading only these starts a
# fresh run.
EXTERNAL_INPUTS = frozenset(
    {RAW_DATASET, RAW_PARTS_DATASET, "inference_sequences", MANIFEST_DATASET}
)
# A running part refreshes its heartbeat this often; one silent for LEASE is abandoned
# (another host's process cannot be probed; on the same host a dead pid says so at once).
HEARTBEAT = timedelta(seconds=30)
LEASE = timedelta(minutes=5)
DAMAGED = "damaged"


def runs_dir(data_root: str) -> str:
    """Where runs live below the configured data root (the catalog uses the same layout)."""
    return f"{str(data_root).rstrip('/')}/runs"


class RunError(ValueError):
    """A run id that cannot be used, no run to read from, or an artifact that may not be read."""


def now() -> str:
    """The current UTC time as recorded in manifests and statuses (sorts as text)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def new_run_id() -> str:
    """A unique id: UTC time to the millisecond plus a random suffix."""
    stamp = datetime.now(timezone.utc)
    return f"{stamp:%Y%m%dT%H%M%S}{stamp.microsecond // 1000:03d}Z-{secrets.token_hex(3)}"


def check_run_id(run_id: object) -> str:
    """The run id as a string, or a `RunError` saying which characters are allowed."""
    text = str(run_id)
    if not RUN_ID.fullmatch(text):
        raise RunError(
            f"run_id {text!r} is not a valid run id: use letters, digits, '.', '_' and '-' "
            "(at most 128, starting with a letter or digit)"
        )
    if text in RESERVED:
        raise RunError(f"run_id {text!r} is reserved for the pointer to the latest complete run")
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


def part_name(pipeline_names: list[str] | None, node_names: list[str] | None = None) -> str:
    """The canonical name of a part: its pipelines sorted, and its nodes when filtered."""
    part = "+".join(sorted(set(pipeline_names or ["__default__"])))
    return f"{part}:{','.join(sorted(set(node_names)))}" if node_names else part


def part_file(part: str) -> str:
    """A file name for a part: readable, short, and unique per part name."""
    slug = re.sub(r"[^A-Za-z0-9._-]", "_", part)[:100]
    return f"{slug}-{hashlib.sha256(part.encode()).hexdigest()[:8]}.json"


def owner() -> dict[str, Any]:
    """Who runs a part: host and process, so a dead process can be told from a live one."""
    return {"host": socket.gethostname(), "pid": os.getpid(), "heartbeat": now()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def effective_status(record: dict[str, Any]) -> str:
    """`running`, unless the process that runs it is gone: then `abandoned`."""
    status = str(record.get("status", "unknown"))
    if status != "running":
        return status
    pid = record.get("pid")
    if record.get("host") == socket.gethostname() and isinstance(pid, int) and not _alive(pid):
        return "abandoned"
    beat = record.get("heartbeat") or record.get("started")
    try:
        last = datetime.fromisoformat(str(beat))
    except ValueError:
        return "abandoned"
    if last.tzinfo is None:  # every time the store writes is UTC
        last = last.replace(tzinfo=timezone.utc)
    return "abandoned" if datetime.now(timezone.utc) - last > LEASE else "running"


class RunStore:
    """Reads and writes run manifests and status records under `runs_dir` (any fsspec URL)."""

    def __init__(self, runs_dir: str) -> None:
        self.runs_dir = str(runs_dir).rstrip("/")
        self.fs, self.root = fsspec.core.url_to_fs(self.runs_dir)

    def path(self, run_id: str, *parts: str) -> str:
        """A path inside the run store (in the store's filesystem, without the protocol)."""
        return "/".join([self.root, run_id, *parts])

    def read(self, path: str, *, strict: bool) -> dict[str, Any] | None:
        """A record; a damaged one is an error (`strict`) or a warning naming the file."""
        try:
            return read_json(self.fs, path)
        except UnreadableRecordError as error:
            if strict:
                raise RunError(
                    f"{error}. This run's record is damaged: remove the file (or the run "
                    "folder) and re-run the pipeline that wrote it, or choose another run"
                ) from None
            logger.warning("Skipping a damaged run record: %s", error)
            return None

    def manifest(self, run_id: str, *, strict: bool = True) -> dict[str, Any] | None:
        return self.read(self.path(run_id, "manifest.json"), strict=strict)

    def write_manifest(self, run_id: str, manifest: dict[str, Any]) -> None:
        write_json(self.fs, self.path(run_id, "manifest.json"), manifest)

    def statuses(self, run_id: str, *, strict: bool = True) -> dict[str, dict[str, Any]]:
        """Every recorded part of a run and its status record (`state`: running/abandoned/…)."""
        folder = self.path(run_id, "status")
        records = {}
        for file in sorted(self.fs.glob(folder + "/*.json")) if self.fs.exists(folder) else []:
            record = self.read(file, strict=strict)
            if record is not None and not isinstance(record.get("part"), str):
                why = f"{file}: the status record names no part"
                if strict:
                    raise RunError(f"{why}: remove the file and re-run that part")
                logger.warning("Skipping a damaged run record: %s", why)
                record = None
            if record is None:  # damaged, in a run that is only being looked at: never complete
                return {DAMAGED: {"part": DAMAGED, "status": DAMAGED, "state": DAMAGED}}
            records[record["part"]] = {**record, "state": effective_status(record)}
        return records

    def write_status(self, run_id: str, part: str, record: dict[str, Any]) -> None:
        write_json(self.fs, self.path(run_id, "status", part_file(part)), {**record, "part": part})

    def run_ids(self) -> list[str]:
        """Runs with a readable manifest, oldest first by their recorded creation time."""
        if not self.fs.exists(self.root):
            return []
        found = []
        for entry in self.fs.ls(self.root, detail=False):
            run_id = entry.rstrip("/").rsplit("/", 1)[-1]
            if not RUN_ID.fullmatch(run_id) or run_id in RESERVED:
                continue
            manifest = self.manifest(run_id, strict=False)
            if manifest is not None:
                found.append((str(manifest.get("created") or ""), run_id))
        return [run_id for _, run_id in sorted(found)]

    def part_states(self, run_id: str, *, strict: bool = True) -> dict[str, str]:
        """Each part's state; a failed or abandoned part that a later part redid: `superseded`."""
        records = self.statuses(run_id, strict=strict)
        states = {}
        for part, record in records.items():
            state = record["state"]
            if state in ("failed", "abandoned") and any(
                other["state"] == "succeeded"
                and str(other.get("started", "")) >= str(record.get("started", ""))
                and set(record.get("declared_outputs", [None])) <= set(other.get("outputs", []))
                for name, other in records.items()
                if name != part
            ):
                state = "superseded"
            states[part] = state
        return states

    def outputs(self, run_id: str, *, strict: bool = True) -> set[str]:
        """Datasets written by the run's succeeded parts."""
        return {
            name
            for record in self.statuses(run_id, strict=strict).values()
            if record["state"] == "succeeded"
            for name in record.get("outputs", [])
        }

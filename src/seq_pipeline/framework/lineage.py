"""Lineage, like a lock file: what each artifact version of a run was computed from.

Each part writes one record (`<run>/lineage/<part>.json`): for every artifact version it saved,
the version Kedro gave it, its content hash, and the version and hash of every input it was
computed from. The *current* version of an artifact is the newest recorded one; it is *stale*
when an input it records is no longer that input's current version (an upstream pipeline ran
again), or when an input it records is itself stale. docs/runs.md has the whole design.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fsspec.implementations.local import LocalFileSystem

from seq_pipeline.core.redact import redact
from seq_pipeline.framework.provenance import content_sha256
from seq_pipeline.framework.runs import RunStore, part_file
from seq_pipeline.framework.store_io import write_json

READABLE = ("succeeded", "superseded")


@dataclass(frozen=True)
class ArtifactState:
    """One artifact of a run as `kedro runs show` reports it."""

    name: str
    version: str
    part: str
    sha256: str | None
    path: str
    state: str  # current, stale, unrecorded (a newer version whose save never finished), …
    why: str = ""


class Lineage:
    """Every lineage record of one run, and what is current or stale in it."""

    def __init__(self, store: RunStore, run_id: str, *, strict: bool = True) -> None:
        self.store, self.run_id = store, run_id
        self.parts: dict[str, dict[str, Any]] = {}
        folder = store.path(run_id, "lineage")
        files = sorted(store.fs.glob(folder + "/*.json")) if store.fs.exists(folder) else []
        for file in files:
            record = store.read(file, strict=strict)
            if record is not None and isinstance(record.get("artifacts"), dict):
                self.parts[str(record.get("part"))] = record

    def current(self, name: str) -> dict[str, Any] | None:
        """The newest recorded version of `name`, with the part that saved it."""
        found = [
            {**artifacts[name], "part": part}
            for part, record in self.parts.items()
            if name in (artifacts := record["artifacts"])
        ]
        return max(found, key=lambda r: str(r["version"])) if found else None

    def names(self) -> list[str]:
        return sorted({name for record in self.parts.values() for name in record["artifacts"]})

    def stale_because(self, name: str, seen: frozenset[str] = frozenset()) -> str | None:
        """Why the current version of `name` is stale, or None when it is not."""
        record = self.current(name)
        if record is None or name in seen:
            return None
        for source, used in sorted(record.get("inputs", {}).items()):
            now = self.current(source)
            if now is None or "version" not in used:
                continue  # a raw input or an artifact kept outside the run
            if str(now["version"]) != str(used["version"]):
                return (
                    f"it was computed from {source} version {used['version']}, but the "
                    f"current {source} is version {now['version']} (part {now['part']})"
                )
            upstream = self.stale_because(source, seen | {name})
            if upstream:
                return f"its input {source} is stale: {upstream}"
        return None

    def path(self, record: dict[str, Any], version: str | None = None) -> str:
        """The full path (in the store's filesystem) of one version of an artifact."""
        folder = record["folder"]
        base = folder if folder.startswith("/") else self.store.path(self.run_id, folder)
        return f"{base}/{version or record['version']}/{record['file']}"

    def url(self, record: dict[str, Any]) -> str:
        """Where the current version lives, as a reader would type it (credentials masked)."""
        path = self.path(record)
        if not isinstance(self.store.fs, LocalFileSystem):
            path = self.store.fs.unstrip_protocol(path)
        return str(redact(path))

    def disk_version(self, record: dict[str, Any]) -> str | None:
        """The newest version on disk, the one Kedro would load (a folder holding the file)."""
        folder = record["folder"]
        base = folder if folder.startswith("/") else self.store.path(self.run_id, folder)
        found = self.store.fs.glob(f"{base}/*/{record['file']}")
        return max((p.rstrip("/").rsplit("/", 2)[-2] for p in found), default=None)

    def states(self, *, hashes: bool = False) -> list[ArtifactState]:
        """Every artifact's current version and whether it can be read."""
        parts = self.store.part_states(self.run_id, strict=False)
        out = []
        for name in self.names():
            record = self.current(name)
            assert record is not None
            state, why = "current", ""
            newest = self.disk_version(record)
            stale = self.stale_because(name)
            if newest and newest > str(record["version"]):
                state, why = "unrecorded", f"version {newest} on disk was never fully saved"
            elif parts.get(record["part"], "succeeded") not in READABLE:
                state, why = parts[record["part"]], f"part {record['part']} did not finish"
            elif stale:
                state, why = "stale", stale
            elif hashes and self._sha256(record) != record.get("sha256"):
                state, why = "modified", "its content changed after it was saved"
            out.append(
                ArtifactState(
                    name=name,
                    version=str(record["version"]),
                    part=record["part"],
                    sha256=record.get("sha256"),
                    path=self.url(record),
                    state=state,
                    why=why,
                )
            )
        return out

    def _sha256(self, record: dict[str, Any]) -> str | None:
        try:
            return content_sha256(self.store.fs, self.path(record))
        except (FileNotFoundError, ValueError):
            return None

    def problems(self) -> list[str]:
        """Why the run is not complete, artifact by artifact (empty when it is)."""
        return [f"{a.name}: {a.state} ({a.why})" for a in self.states() if a.state != "current"]


def write_part_lineage(store: RunStore, run_id: str, part: str, artifacts: dict) -> None:
    """Replace the part's lineage record (atomically: a reader sees the old or the new one)."""
    path = store.path(run_id, "lineage", part_file(part))
    write_json(store.fs, path, {"part": part, "run_id": run_id, "artifacts": artifacts})


def artifact_paths(run_id: str, runs_dir: str) -> dict[str, str]:
    """The current version of every artifact of a run: dataset name → path or URL.

    For the end-of-run summary and the run's index.html; credentials in URLs are masked.
    """
    lineage = Lineage(RunStore(runs_dir), run_id, strict=False)
    return {
        name: lineage.url(record)
        for name in lineage.names()
        if (record := lineage.current(name)) is not None
    }

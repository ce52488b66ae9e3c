"""What a person opens: each run's `index.html`, and `<runs>/latest` pointing at the newest
complete run (a symlink where the filesystem has them, and always a `LATEST` file).

`open data/runs/latest/index.html` shows the latest complete run's parts and the current
version of every artifact; the pointer moves only to a run that is complete.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from fsspec.implementations.local import LocalFileSystem

from seq_pipeline.core.redact import redact
from seq_pipeline.framework.lineage import Lineage
from seq_pipeline.framework.run_choice import latest_complete
from seq_pipeline.framework.runs import RunStore
from seq_pipeline.framework.store_io import write_text

LATEST_FILE, LATEST_LINK = "LATEST", "latest"


def _row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def render_index(store: RunStore, run_id: str) -> str:
    """The run's page: raw input, parts with their state, every artifact's current version."""
    manifest = store.manifest(run_id, strict=False) or {}
    raw = manifest.get("raw_input") or {}
    parts = store.statuses(run_id, strict=False)
    states = store.part_states(run_id, strict=False)
    lineage = Lineage(store, run_id, strict=False)
    run_folder = store.path(run_id)
    artifact_rows = []
    for artifact in lineage.states():
        record = lineage.current(artifact.name) or {}
        target = lineage.path(record)
        link = target[len(run_folder) + 1 :] if target.startswith(run_folder + "/") else target
        artifact_rows.append(
            _row(
                f'<a href="{html.escape(str(redact(link)))}">{html.escape(artifact.name)}</a>',
                html.escape(artifact.version),
                html.escape(artifact.state),
                html.escape(artifact.why),
                html.escape(artifact.part),
            )
        )
    part_rows = [
        _row(*(html.escape(str(x)) for x in (p, states[p], r.get("started"), r.get("finished"))))
        for p, r in sorted(parts.items())
    ]
    e = html.escape
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Run {e(run_id)}</title>
<style>body{{font-family:sans-serif}}td,th{{padding:2px 10px;text-align:left}}</style></head>
<body><h1>Run {e(run_id)}</h1>
<p>Created {e(str(manifest.get("created")))} from {e(str(redact(raw.get("path"))))}
(sha256 {e(str(raw.get("sha256")))}).</p>
<h2>Parts</h2><table><tr><th>part</th><th>state</th><th>started</th><th>finished</th></tr>
{chr(10).join(part_rows)}</table>
<h2>Artifacts (current versions)</h2>
<table><tr><th>artifact</th><th>version</th><th>state</th><th>why</th><th>part</th></tr>
{chr(10).join(artifact_rows)}</table></body></html>
"""


def write_index(store: RunStore, run_id: str) -> str:
    """Regenerate the run's `index.html`; returns its path."""
    path = store.path(run_id, "index.html")
    write_text(store.fs, path, render_index(store, run_id))
    return path


def update_latest(store: RunStore) -> str | None:
    """Point `latest` at the newest complete run; with none complete, there is no pointer.

    A run that stops being complete (an upstream pipeline ran again) loses the pointer to the
    newest run that still is.
    """
    run_id = latest_complete(store, set())
    link, pointer = Path(store.root, LATEST_LINK), f"{store.root}/{LATEST_FILE}"
    if run_id is None:
        if store.fs.exists(pointer):
            store.fs.rm(pointer)
        if isinstance(store.fs, LocalFileSystem) and link.is_symlink():
            link.unlink()
        return None
    write_text(store.fs, pointer, run_id + "\n")
    if isinstance(store.fs, LocalFileSystem):
        temp = Path(store.root, f".{LATEST_LINK}-{os.getpid()}")
        try:
            temp.unlink(missing_ok=True)
            temp.symlink_to(run_id, target_is_directory=True)
            os.replace(temp, link)  # atomic: readers see the old or the new link
        except OSError:
            temp.unlink(missing_ok=True)  # no symlinks here (some mounts): LATEST says it
    return run_id


def latest_pointer(store: RunStore) -> str | None:
    """The run the `LATEST` pointer names, if any."""
    path = f"{store.root}/{LATEST_FILE}"
    if not store.fs.exists(path):
        return None
    with store.fs.open(path, "r") as f:
        return f.read().strip() or None

"""What a result was computed from, in the form reports and metrics carry it (pure).

The run manifest (framework/runs.py, read through the catalog as `run_manifest`) records the
run id, the raw input and its sha256, when the run was created, the package versions, the
code version and every resolved parameter. A report or metrics file copied out of its run
folder still says which run, input and options it came from.
"""

from __future__ import annotations

from typing import Any


def provenance(manifest: dict[str, Any] | None) -> dict[str, Any]:
    """The manifest's identifying fields, in a fixed order; empty without a manifest."""
    if not manifest:
        return {}
    raw = manifest.get("raw_input") or {}
    found = {
        "run_id": manifest.get("run_id"),
        "created": manifest.get("created"),
        "input_path": raw.get("path"),
        "input_sha256": raw.get("sha256"),
        "test_path": raw.get("test_path"),
        "test_sha256": raw.get("test_sha256"),
        "env": manifest.get("env"),
        "code_version": manifest.get("code_version"),
        "packages": manifest.get("packages") or {},
        "options": manifest.get("parameters") or {},
    }
    return {key: value for key, value in found.items() if value is not None}

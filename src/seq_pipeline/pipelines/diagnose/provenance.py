"""The report's provenance section: which run, input, date, versions and options (pure)."""

from __future__ import annotations

import html
import json
from typing import Any

from seq_pipeline.core.provenance import provenance


def provenance_section(run_manifest: dict[str, Any] | None) -> str:
    """An HTML section naming the run, its input and sha256, date, versions and options."""
    found = provenance(run_manifest)
    if not found:
        return ""
    rows = [
        ("run id", found.get("run_id")),
        ("created", found.get("created")),
        ("input", found.get("input_path")),
        ("input sha256", found.get("input_sha256")),
        ("test input", found.get("test_path")),
        ("test input sha256", found.get("test_sha256")),
        ("environment", found.get("env")),
        ("code version", found.get("code_version")),
    ]
    rows += [(name, version) for name, version in found.get("packages", {}).items()]
    table = "".join(
        f"<tr><th>{html.escape(name)}</th><td><code>{html.escape(str(value))}</code></td></tr>"
        for name, value in rows
        if value is not None
    )
    options = html.escape(json.dumps(found.get("options", {}), indent=2, default=str))
    return (
        '<h2 id="provenance">What this report is about</h2>'
        f'<table class="provenance">{table}</table>'
        f"<details><summary>Resolved options</summary><pre>{options}</pre></details>"
    )

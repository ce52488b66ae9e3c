"""`kedro runs list` and `kedro runs show <id>`: what the run store holds, read like `dvc status`.

Both read the configured data root (`--env`, SEQ_PIPELINE_DATA_ROOT) resolved against the
project, and print a table, or JSON with `--json`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from kedro.framework.project import settings
from kedro.utils import find_kedro_project

from seq_pipeline.core.redact import redact
from seq_pipeline.framework.data_root import resolve_data_root
from seq_pipeline.framework.lineage import Lineage
from seq_pipeline.framework.run_choice import is_complete
from seq_pipeline.framework.runs import RunError, RunStore, check_run_id, runs_dir


def _store(env: str | None) -> RunStore:
    """The run store of the project's configured data root (in environment `env`)."""
    project = find_kedro_project(Path.cwd()) or Path.cwd()
    loader = settings.CONFIG_LOADER_CLASS(
        conf_source=str(project / settings.CONF_SOURCE), env=env, **settings.CONFIG_LOADER_ARGS
    )
    return RunStore(runs_dir(resolve_data_root(loader["globals"]["data_root"], project)))


def _latest_json(store: RunStore, run_id: str, folder: str) -> dict[str, Any]:
    """The current version of a small JSON artifact (metrics, diagnosis), or {}."""
    lineage = Lineage(store, run_id, strict=False)
    record = lineage.current(folder)
    if record is None:
        return {}
    try:
        with store.fs.open(lineage.path(record), "r") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def run_summary(store: RunStore, run_id: str) -> dict[str, Any]:
    """One row of `kedro runs list`."""
    manifest = store.manifest(run_id, strict=False) or {}
    states = store.part_states(run_id, strict=False)
    complete = is_complete(store, run_id, strict=False)
    status = (
        "complete"
        if complete
        else next(
            (s for s in ("running", "failed", "abandoned", "damaged") if s in states.values()),
            "incomplete",
        )
    )
    test = (_latest_json(store, run_id, "metrics").get("test") or {}).get("accuracy")
    return {
        "run_id": run_id,
        "created": manifest.get("created"),
        "status": status,
        "raw_input": redact((manifest.get("raw_input") or {}).get("path")),
        "verdict": _latest_json(store, run_id, "diagnosis").get("verdict"),
        "test_accuracy": test,
    }


def run_details(store: RunStore, run_id: str) -> dict[str, Any]:
    """Everything `kedro runs show` prints: parts, and every artifact with its state."""
    if store.manifest(run_id) is None:
        raise RunError(f"no run {run_id!r} under {redact(store.runs_dir)} (see `kedro runs list`)")
    records = store.statuses(run_id)
    states = store.part_states(run_id)
    parts = [
        {"part": p, "state": states[p], "started": r.get("started"), "finished": r.get("finished")}
        for p, r in sorted(records.items())
    ]
    artifacts = [asdict(a) for a in Lineage(store, run_id).states(hashes=True)]
    return {**run_summary(store, run_id), "parts": parts, "artifacts": artifacts}


@click.group(name="runs")
def runs() -> None:
    """List the project's runs and show one run's parts and artifacts."""


@runs.command(name="list")
@click.option("--env", "-e", default=None, help="Kedro environment (its data root).")
@click.option("--json", "as_json", is_flag=True, help="JSON for machines.")
def list_runs(env: str | None, as_json: bool) -> None:
    """Every run, oldest first: id, created, status, raw input, verdict, test accuracy."""
    store = _store(env)
    rows = [run_summary(store, run_id) for run_id in store.run_ids()]
    # Worked out from the records, not read from the pointer a finished part last wrote.
    latest = next((row["run_id"] for row in reversed(rows) if row["status"] == "complete"), None)
    if as_json:
        click.echo(json.dumps({"latest": latest, "runs": rows}, indent=2))
        return
    for row in rows:
        accuracy = "-" if row["test_accuracy"] is None else f"{row['test_accuracy']:.4f}"
        mark = "*" if row["run_id"] == latest else " "
        click.echo(
            f"{mark} {row['run_id']:<34} {row['created'] or '-':<29} {row['status']:<10} "
            f"{row['verdict'] or '-':<14} {accuracy:<7} {row['raw_input'] or '-'}"
        )
    if latest:
        click.echo(f"* latest complete run: {latest}")


@runs.command(name="show")
@click.argument("run_id")
@click.option("--env", "-e", default=None, help="Kedro environment (its data root).")
@click.option("--json", "as_json", is_flag=True, help="JSON for machines.")
def show_run(run_id: str, env: str | None, as_json: bool) -> None:
    """One run: every part with its state, every artifact with version, hash and state."""
    details = run_details(_store(env), check_run_id(run_id))
    if as_json:
        click.echo(json.dumps(details, indent=2))
        return
    click.echo(f"Run {details['run_id']} ({details['status']}), created {details['created']}")
    click.echo(f"  raw input: {details['raw_input']}")
    click.echo("Parts:")
    for part in details["parts"]:
        click.echo(f"  {part['state']:<11} {part['part']}")
    click.echo("Artifacts:")
    for item in details["artifacts"]:
        digest = (item["sha256"] or "-")[:12]
        why = f"  ({item['why']})" if item["why"] else ""
        click.echo(f"  {item['state']:<11} {item['name']:<32} {item['version']}  {digest}{why}")

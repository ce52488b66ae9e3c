"""The project's `kedro run`: Kedro's own command, plus choosing the run's identity.

Every run gets a `run_id` before its session starts, because every catalog path is built from
it: the one given with `--params run_id=<id>`; otherwise a fresh id when the pipelines start
from raw input, or the latest complete run that holds what they read (evaluate, diagnose,
inference run alone). A run that names no pipeline takes the in-memory path, or `large` when
the raw input is Parquet parts too large for memory (`framework/path_choice.py`).

It also chooses the console (Rich only in a terminal), logs the run's start in one line, and
prints the project's own input, parameter and run errors without a traceback
(`framework/console.py`, docs/console.md).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import click
from kedro.framework.cli.project import run as kedro_run
from kedro.framework.project import pipelines, settings
from kedro.pipeline import Pipeline

from seq_pipeline.framework.console import (
    RUN_START,
    TRACEBACK_ENV,
    is_own_error,
    own_error_message,
    rich_in_terminal,
    show_tracebacks,
)
from seq_pipeline.framework.path_choice import choose_pipeline
from seq_pipeline.framework.runs import (
    RunError,
    resolve_run_id,
    runs_dir,
    upstream_inputs,
)
from seq_pipeline.training.cluster import distribution_of, in_cluster

logger = logging.getLogger(__name__)


@click.group(name="seq_pipeline")
def cli() -> None:
    """Project commands."""


def _config(conf_source: str | None, env: str | None, params: dict[str, Any]) -> Any:
    """The configuration as the session will resolve it (environment and overrides included)."""
    source = conf_source or str(Path.cwd() / settings.CONF_SOURCE)
    return settings.CONFIG_LOADER_CLASS(
        conf_source=source, env=env, runtime_params=params, **settings.CONFIG_LOADER_ARGS
    )


def _default_pipeline(config: Any) -> tuple[str, str]:
    """`__default__`, or `large` for Parquet parts too large for the in-memory path; and why."""
    raw_path = config["catalog"].get("raw_sequence_parts", {}).get("path")
    threshold = config["parameters"].get("shard_options", {}).get("large_from_rows")
    return choose_pipeline(raw_path, threshold)


def _raw_input(config: Any) -> str | None:
    """The raw file the run reads, as the catalog resolves it."""
    return config["catalog"].get("raw_sequences", {}).get("filepath")


VERBOSE = click.Option(
    ["--verbose"],
    is_flag=True,
    help=f"Show the traceback of input, parameter and run errors too (or set {TRACEBACK_ENV}=1).",
)


@cli.command(name="run", params=[*kedro_run.params, VERBOSE], help=kedro_run.help)
@click.pass_context
def run(ctx: click.Context, verbose: bool = False, **kwargs: Any) -> Any:
    rich_in_terminal()
    try:
        return _run(ctx, **kwargs)
    except Exception as error:
        if not is_own_error(error) or verbose or show_tracebacks():
            raise
        # The project's own errors say what is wrong and where; a traceback hides that.
        click.secho(f"Error: {own_error_message(error)}", err=True, fg="red")
        click.echo(f"(--verbose or {TRACEBACK_ENV}=1 shows the traceback)", err=True)
        raise click.exceptions.Exit(1) from None


def _run(ctx: click.Context, **kwargs: Any) -> Any:
    params = dict(kwargs.get("params") or {})
    config = _config(kwargs.get("conf_source"), kwargs.get("env"), params)
    names = kwargs.get("pipelines") or [kwargs.get("pipeline")]
    path = None
    if names == [None]:  # no pipeline named: the in-memory path, or `large` for big parts
        name, why = _default_pipeline(config)
        names = kwargs["pipelines"] = [name]
        path = f"{name} ({why})"
    selected = sum((pipelines[name] for name in names), start=Pipeline([]))
    if kwargs.get("node_names"):
        selected = selected.only_nodes(*kwargs["node_names"])
    multi_worker = distribution_of(config["parameters"]) == "multi_worker"
    if params.get("run_id") is None and multi_worker and in_cluster():
        # Each worker would pick on its own, and the chief's running part makes the run
        # incomplete for the others: they must be told which run they train together.
        raise RunError(
            "this process is one worker of a multi-worker cluster (TF_CONFIG is set): pass "
            "the same --params run_id=<id> to every worker (docs/cluster.md)"
        )
    folder = runs_dir(config["globals"]["data_root"])
    given = params.get("run_id")
    params["run_id"] = resolve_run_id(given, folder, selected.inputs())
    needs = upstream_inputs(selected.inputs())
    if needs:
        how = "given" if given is not None else "the latest complete run that has them"
        reads = f"{', '.join(sorted(needs))} of run {params['run_id']} ({how})"
    else:
        reads = str(_raw_input(config))
    RUN_START.clear()
    RUN_START.update(run_id=params["run_id"], reads=reads, runs_dir=folder)
    logger.info(
        "Run %s: %s; reads %s", params["run_id"], path or "+".join(n for n in names if n), reads
    )
    kwargs["params"] = params
    return ctx.invoke(kedro_run, **kwargs)

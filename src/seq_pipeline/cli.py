"""The project's `kedro run`: Kedro's own command, plus choosing the run's identity.

Every run gets a `run_id` before its session starts, because every catalog path is built from
it: the one given with `--params run_id=<id>`; otherwise a fresh id when the pipelines start
from raw input, or the latest complete run that holds what they read (evaluate, diagnose,
inference run alone; inference scores with the champion when one was promoted). A run that
names no pipeline takes the in-memory path, or `large` when
the raw input is Parquet parts too large for memory (`framework/path_choice.py`).

It also chooses the console (Rich only in a terminal), logs the run's start in one line, and
prints the project's own input, parameter and run errors without a traceback
(`framework/console.py`, docs/console.md). `kedro runs` lists and shows runs
(`framework/runs_cli.py`).
"""

from __future__ import annotations

import copy
import logging
import re
from pathlib import Path
from typing import Any

import click
from kedro.framework.cli.project import run as kedro_run
from kedro.framework.cli.utils import _split_params
from kedro.framework.project import pipelines, settings
from kedro.pipeline import Pipeline
from kedro.utils import find_kedro_project

from seq_pipeline.core.redact import redact_url
from seq_pipeline.datasets.champion import read_champion
from seq_pipeline.framework.console import (
    RUN_START,
    TRACEBACK_ENV,
    is_own_error,
    own_error_message,
    rich_in_terminal,
    show_tracebacks,
)
from seq_pipeline.framework.data_root import resolve_data_root
from seq_pipeline.framework.path_choice import choose_pipeline
from seq_pipeline.framework.run_choice import resolve_run_id
from seq_pipeline.framework.runs import RunError, runs_dir, upstream_inputs
from seq_pipeline.framework.runs_cli import runs
from seq_pipeline.training.cluster import distribution_of, in_cluster

logger = logging.getLogger(__name__)


@click.group(name="seq_pipeline")
def cli() -> None:
    """Project commands."""


cli.add_command(runs)


def project_path() -> Path:
    """The project folder, as Kedro's CLI finds it (the current folder or one above it)."""
    return find_kedro_project(Path.cwd()) or Path.cwd()


def _config(conf_source: str | None, env: str | None, params: dict[str, Any]) -> Any:
    """The configuration as the session will resolve it (environment and overrides included)."""
    source = conf_source or str(project_path() / settings.CONF_SOURCE)
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


# The version Kedro gives a versioned dataset: its save time, UTC, to the millisecond.
VERSION = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}\.\d{2}\.\d{2}\.\d{3}Z")


def _load_versions(ctx: click.Context, param: click.Parameter, value: Any) -> dict[str, str]:
    """`--load-versions ds:version,…` as a dict; a malformed item is named with the form.

    Kedro's own check raises an error its CLI prints as `NoneType: None`.
    """
    versions: dict[str, str] = {}
    items = value if isinstance(value, list | tuple) else [value or ""]
    for item in (i.strip() for text in items for i in text.split(",") if i.strip()):
        name, _, version = item.partition(":")
        if not name or not VERSION.fullmatch(version):
            raise click.BadParameter(
                f"{item!r} is not <dataset>:<version>, the version being a save time such "
                "as 2026-11-29T01.20.57.365Z (the folder names under the dataset's path, "
                "e.g. data/runs/<run_id>/06_models/model.keras/). Example: "
                "--load-versions model:2026-11-29T01.20.57.365Z",
                ctx=ctx,
                param=param,
            )
        versions[name] = version
    return versions


def _params(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Kedro's `--params` parsing; a value YAML refuses is named with its parameter."""
    try:
        return _split_params(ctx, param, value)
    except click.ClickException:
        raise
    except Exception as exc:  # yaml's ConstructorError, OmegaConf's grammar errors
        bad = next((item for item in _param_items(value) if not _parses(ctx, param, item)), None)
        key, _, text = (bad or "").partition("=")
        raise click.BadParameter(
            f"parameter {key.strip()!r}: the value {text!r} is not plain YAML "
            f"({type(exc).__name__}: {str(exc).splitlines()[0]}); nothing was run. Tags such "
            "as `!!python/…` are never read; quote a value that starts with '!'.",
            ctx=ctx,
            param=param,
        ) from None


def _param_items(value: Any) -> list[str]:
    """The `key=value` items of a `--params` value, as Kedro splits them (on commas)."""
    return [item for item in str(value or "").split(",") if item.strip()]


def _parses(ctx: click.Context, param: click.Parameter, item: str) -> bool:
    try:
        _split_params(ctx, param, item)
    except Exception:  # any failure marks the item to name
        return False
    return True


def _with_callbacks(params: list[click.Parameter]) -> list[click.Parameter]:
    """Kedro's `run` options, with `--load-versions` and `--params` parsed as above."""
    ours = {"load_versions": _load_versions, "params": _params}
    replaced = []
    for option in params:
        ours_too = copy.copy(option) if option.name in ours else option
        if ours_too is not option:
            ours_too.callback = ours[option.name]
        replaced.append(ours_too)
    return replaced


def _filtered(pipeline: Pipeline, options: dict[str, Any]) -> Pipeline:
    """The nodes the run will execute, after every Kedro node filter (as the session does)."""
    return pipeline.filter(
        tags=options.get("tags") or None,
        from_nodes=options.get("from_nodes") or None,
        to_nodes=options.get("to_nodes") or None,
        node_names=options.get("node_names") or None,
        from_inputs=options.get("from_inputs") or None,
        to_outputs=options.get("to_outputs") or None,
        node_namespaces=options.get("namespaces") or None,
    )


INFERENCE = "inference"


def champion_run_id(folder: str) -> str | None:
    """The champion's run for `inference` without an id (None: none promoted yet)."""
    champion = read_champion(folder)
    if champion is None:
        logger.warning(
            "No champion under %s yet (`kedro run --pipelines promote` after diagnose sets "
            "one): scoring with the latest complete run",
            folder,
        )
        return None
    return champion["run_id"]


VERBOSE = click.Option(
    ["--verbose"],
    is_flag=True,
    help=f"Show the traceback of input, parameter and run errors too (or set {TRACEBACK_ENV}=1).",
)


@cli.command(name="run", params=[*_with_callbacks(kedro_run.params), VERBOSE], help=kedro_run.help)
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
    # Checked first: an empty root would put the demo file and the runs at the filesystem root.
    folder = runs_dir(resolve_data_root(config["globals"]["data_root"], project_path()))
    names = kwargs.get("pipelines") or [kwargs.get("pipeline")]
    path = None
    if names == [None]:  # no pipeline named: the in-memory path, or `large` for big parts
        name, why = _default_pipeline(config)
        names = kwargs["pipelines"] = [name]
        path = f"{name} ({why})"
    selected = _filtered(sum((pipelines[name] for name in names), start=Pipeline([])), kwargs)
    multi_worker = distribution_of(config["parameters"]) == "multi_worker"
    if params.get("run_id") is None and multi_worker and in_cluster():
        # Each worker would pick on its own, and the chief's running part makes the run
        # incomplete for the others: they must be told which run they train together.
        raise RunError(
            "this process is one worker of a multi-worker cluster (TF_CONFIG is set): pass "
            "the same --params run_id=<id> to every worker (docs/cluster.md)"
        )
    given = params.get("run_id")
    champion = None
    if given is None and names == [INFERENCE]:
        champion = champion_run_id(folder)
    params["run_id"] = resolve_run_id(given or champion, folder, selected.inputs())
    needs = upstream_inputs(selected.inputs())
    if needs:
        how = (
            "given"
            if given is not None
            else "the champion"
            if champion is not None
            else "the latest complete run that has them"
        )
        reads = f"{', '.join(sorted(needs))} of run {params['run_id']} ({how})"
    else:
        reads = redact_url(str(_raw_input(config)))
    RUN_START.clear()
    RUN_START.update(run_id=params["run_id"], reads=reads, runs_dir=folder)
    logger.info(
        "Run %s: %s; reads %s", params["run_id"], path or "+".join(n for n in names if n), reads
    )
    kwargs["params"] = params
    return ctx.invoke(kedro_run, **kwargs)

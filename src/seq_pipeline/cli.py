"""The project's `kedro run`: Kedro's own command, plus choosing the run's identity.

Every run gets a `run_id` before its session starts, because every catalog path is built from
it: the one given with `--params run_id=<id>`; otherwise a fresh id when the pipelines start
from raw input, or the latest complete run that holds what they read (evaluate, diagnose,
inference run alone). A run that names no pipeline takes the in-memory path, or `large` when
the raw input is Parquet parts too large for memory (`framework/path_choice.py`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import click
from kedro.framework.cli.project import run as kedro_run
from kedro.framework.project import pipelines, settings
from kedro.pipeline import Pipeline

from seq_pipeline.datasets.champion import read_champion
from seq_pipeline.framework.path_choice import choose_pipeline
from seq_pipeline.framework.runs import RunError, resolve_run_id, runs_dir
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


def _default_pipeline(config: Any) -> str:
    """`__default__`, or `large` for Parquet parts too large for the in-memory path."""
    raw_path = config["catalog"].get("raw_sequence_parts", {}).get("path")
    threshold = config["parameters"].get("shard_options", {}).get("large_from_rows")
    name, why = choose_pipeline(raw_path, threshold)
    logger.info("Pipeline %s: %s", name, why)
    return name


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
    logger.info("Scoring with the champion, run %s", champion["run_id"])
    return champion["run_id"]


@cli.command(name="run", params=kedro_run.params, help=kedro_run.help)
@click.pass_context
def run(ctx: click.Context, **kwargs: Any) -> Any:
    params = dict(kwargs.get("params") or {})
    config = _config(kwargs.get("conf_source"), kwargs.get("env"), params)
    names = kwargs.get("pipelines") or [kwargs.get("pipeline")]
    if names == [None]:  # no pipeline named: the in-memory path, or `large` for big parts
        names = kwargs["pipelines"] = [_default_pipeline(config)]
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
    if params.get("run_id") is None and names == [INFERENCE]:
        params["run_id"] = champion_run_id(folder)
    params["run_id"] = resolve_run_id(params.get("run_id"), folder, selected.inputs())
    logger.info("Run id: %s", params["run_id"])
    kwargs["params"] = params
    return ctx.invoke(kedro_run, **kwargs)

"""Running Kedro nodes as a scheduler's task, inside one project run.

A scheduler (Airflow, cron, a CI job) runs a node, or a stage's nodes, as one task, often in
its own process on another machine. What ties the tasks of one scheduler run together is the
project's `run_id` runtime parameter, derived here from the scheduler's own run id. Nothing in
this package imports a scheduler: `seq_pipeline.orchestration.airflow` is the Airflow side.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from seq_pipeline.framework.run_context import store_for
from seq_pipeline.framework.runs import (
    RunError,
    RunStore,
    check_run_id,
    sanitize_run_id,
    upstream_inputs,
)

PACKAGE_NAME = __name__.split(".")[0]
# Plugins whose hooks a task's session leaves out: kedro-viz writes run statistics and events
# into the project folder (`.viz/`), which a task must leave as it found it.
TASK_DISABLED_PLUGINS = ("kedro-viz", "kedro-telemetry")


def task_runtime_params(conf: Mapping[str, Any] | None, scheduler_run_id: str) -> dict[str, Any]:
    """Kedro runtime parameters for one task: the scheduler run's conf, plus the run id.

    Every task of one scheduler run gets the same run id, made from the scheduler's run id; a
    `run_id` in the conf wins, so a later stage can be triggered for an existing run.
    """
    params = dict(conf or {})
    params.setdefault("run_id", sanitize_run_id(scheduler_run_id))
    params["run_id"] = check_run_id(params["run_id"])
    return params


def require_run(store: RunStore, run_id: str, needs: set[str]) -> None:
    """Refuse, before anything runs, a task whose inputs its run does not have.

    Another try cannot create a missing run, so the scheduler must fail the task at once
    rather than retry it.
    """
    if not needs:
        return
    if store.manifest(run_id) is None:
        raise RunError(
            f"no run {run_id!r} under '{store.runs_dir}': this task reads {sorted(needs)} from "
            "an earlier run; trigger it with the run_id of a run that has them in its conf"
        )
    missing = needs - store.outputs(run_id)
    if missing:
        raise RunError(
            f"run {run_id!r} under '{store.runs_dir}' has no {sorted(missing)}: run the "
            "upstream stages for this run first"
        )


@contextmanager
def working_folder(path: Path) -> Iterator[None]:
    """Run inside `path`, as `kedro run` does when typed there, and come back afterwards."""
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def run_nodes(
    project_path: str | Path,
    env: str,
    pipeline_name: str,
    node_names: Sequence[str],
    runtime_params: Mapping[str, Any],
    conf_source: str | None = None,
) -> None:
    """Run some nodes of a registered pipeline through one KedroSession, as one project run part.

    Relative paths in the configuration (the default data root `data/`) resolve against the
    project folder, never against the scheduler worker's current folder.
    """
    # Before Kedro loads its plugins: kedro-telemetry also hooks into sessions.
    os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "1")
    from kedro.config import MissingConfigException  # noqa: PLC0415
    from kedro.framework.project import configure_project, pipelines, settings  # noqa: PLC0415
    from kedro.framework.session import KedroSession  # noqa: PLC0415

    project_path = Path(project_path).resolve()
    if not project_path.is_dir():
        raise MissingConfigException(f"No project folder at {project_path}")
    configure_project(PACKAGE_NAME)
    with (
        working_folder(project_path),
        _without_plugin_hooks(settings, TASK_DISABLED_PLUGINS),
        KedroSession.create(
            project_path=project_path,
            env=env,
            conf_source=conf_source or None,
            runtime_params=dict(runtime_params),
        ) as session,
    ):
        context = session.load_context()
        loader = context.config_loader
        selected = pipelines[pipeline_name].only_nodes(*node_names)
        store = store_for(context)  # the data root, checked and resolved against the project
        require_run(store, loader.runtime_params["run_id"], upstream_inputs(selected.inputs()))
        session.run(pipeline_names=[pipeline_name], node_names=list(node_names))


@contextmanager
def _without_plugin_hooks(settings: Any, plugins: Sequence[str]) -> Iterator[None]:
    """Sessions created inside leave out these plugins' hooks; the project's setting returns
    afterwards, so nothing else in the process is affected."""
    disabled = tuple(settings.DISABLE_HOOKS_FOR_PLUGINS)
    settings.set("DISABLE_HOOKS_FOR_PLUGINS", (*disabled, *plugins))
    try:
        yield
    finally:
        settings.set("DISABLE_HOOKS_FOR_PLUGINS", disabled)

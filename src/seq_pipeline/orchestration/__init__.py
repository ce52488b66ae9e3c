"""Running one Kedro node as a scheduler's task, inside one project run.

A scheduler (Airflow, cron, a CI job) runs each node as its own task, often in its own
process on another machine. What ties the tasks of one scheduler run together is the
project's `run_id` runtime parameter, derived here from the scheduler's own run id. Nothing in
this package imports a scheduler: `seq_pipeline.orchestration.airflow` is the Airflow side.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from seq_pipeline.framework.runs import RUN_ID, check_run_id, sanitize_run_id

PACKAGE_NAME = __name__.split(".")[0]
# One definition of a valid run id, shared with `kedro run` (seq_pipeline.framework.runs).
RUN_ID_PATTERN = RUN_ID
run_id_from = sanitize_run_id


def task_runtime_params(conf: Mapping[str, Any] | None, scheduler_run_id: str) -> dict[str, Any]:
    """Kedro runtime parameters for one task: the scheduler run's conf, plus the run id.

    Every task of one scheduler run gets the same run id, made from the scheduler's run id; a
    `run_id` in the conf wins, so a later stage can be triggered for an existing run.
    """
    params = dict(conf or {})
    params.setdefault("run_id", run_id_from(scheduler_run_id))
    params["run_id"] = check_run_id(params["run_id"])
    return params


@contextmanager
def working_folder(path: Path) -> Iterator[None]:
    """Run inside `path`, as `kedro run` does when typed there, and come back afterwards."""
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def run_node(
    project_path: str | Path,
    env: str,
    pipeline_name: str,
    node_name: str,
    runtime_params: Mapping[str, Any],
    conf_source: str | None = None,
) -> None:
    """Run one node of a registered pipeline through a KedroSession, as its own project run.

    Relative paths in the configuration (the default data root `data/`) resolve against the
    project folder, never against the scheduler worker's current folder.
    """
    # Before Kedro loads its plugins: kedro-telemetry also hooks into sessions.
    os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "1")
    from kedro.config import MissingConfigException  # noqa: PLC0415
    from kedro.framework.project import configure_project  # noqa: PLC0415
    from kedro.framework.session import KedroSession  # noqa: PLC0415

    project_path = Path(project_path).resolve()
    if not project_path.is_dir():
        raise MissingConfigException(f"No project folder at {project_path}")
    configure_project(PACKAGE_NAME)
    with (
        working_folder(project_path),
        KedroSession.create(
            project_path=project_path,
            env=env,
            conf_source=conf_source or None,
            runtime_params=dict(runtime_params),
        ) as session,
    ):
        session.run(pipeline_names=[pipeline_name], node_names=[node_name])

"""The Airflow task behind every task of the DAGs that `make dags` writes.

Imported only by those DAG files, so only where Airflow is installed (the `airflow` extra).
Where the project lives and which Kedro environment it runs in come from the worker's
environment variables, with the values baked in at generation time as defaults.
"""

from __future__ import annotations

import os

from airflow.sdk import get_current_context, task
from airflow.sdk.exceptions import AirflowFailException
from kedro.config import MissingConfigException

from seq_pipeline.core.errors import RawInputError
from seq_pipeline.framework.runs import RunError
from seq_pipeline.orchestration import run_nodes, task_runtime_params

PROJECT_PATH_VAR = "SEQ_PIPELINE_PROJECT_PATH"
CONF_SOURCE_VAR = "SEQ_PIPELINE_CONF_SOURCE"
ENV_VAR = "KEDRO_ENV"
# Errors that another try cannot fix: bad input data, missing project or configuration, a run
# id that is invalid, names no run, or names a run without this task's inputs.
PERMANENT_ERRORS = (RawInputError, MissingConfigException, RunError)


def _permanent_error(error: BaseException) -> BaseException | None:
    """The input or configuration error in an exception's chain, if any."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, PERMANENT_ERRORS):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


@task
def kedro_nodes(
    pipeline_name: str,
    node_names: list[str],
    default_project_path: str,
    default_env: str,
    default_conf_source: str = "",
) -> str:
    """Run Kedro nodes (one node, or a stage) and return the run id (an XCom).

    Input, configuration and run-id errors fail the task at once, with no retry.
    """
    context = get_current_context()
    try:
        params = task_runtime_params(context["dag_run"].conf, context["run_id"])
        run_nodes(
            project_path=os.environ.get(PROJECT_PATH_VAR) or default_project_path,
            env=os.environ.get(ENV_VAR) or default_env,
            conf_source=os.environ.get(CONF_SOURCE_VAR) or default_conf_source or None,
            pipeline_name=pipeline_name,
            node_names=node_names,
            runtime_params=params,
        )
    except Exception as error:
        permanent = _permanent_error(error)
        if permanent is not None:
            raise AirflowFailException(f"{type(permanent).__name__}: {permanent}") from error
        raise
    return params["run_id"]

"""MLflow runs of a project run: the parent that groups its parts, and live epoch curves."""

from __future__ import annotations

import time
from typing import Any

MAX_METRICS_PER_BATCH = 1000  # MLflow's limit for one log_batch call
RUN_ID_TAG = "run_id"
# One parent MLflow run per project run: each `kedro run` or scheduler task of it is a child.
ROLE_TAG, PARENT_ROLE = "seq_pipeline.role", "project_run"
PARENT_TAG = "mlflow.parentRunId"  # MLflow's own nesting tag (the UI groups children under it)


class EpochLogger:
    """Logs each epoch as it ends, as `training.<architecture>.<metric>` at step = epoch.

    The curves are live while training runs; `training_history` then logs the chosen
    model's curves under the plain names (`loss`, `val_loss`, …) as before. Under `auto`
    every candidate has its own live curves.
    """

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id

    def __call__(self, architecture: str, epoch: int, logs: dict[str, float]) -> None:
        from mlflow.tracking import MlflowClient  # noqa: PLC0415

        points = [(f"training.{architecture}.{key}", value, epoch) for key, value in logs.items()]
        log_metrics(MlflowClient(), self.run_id, points)


def parent_run(client: Any, experiment_id: str, project_id: str) -> str:
    """The MLflow run that groups every part of a project run, created by the first part.

    It holds no data of its own and is ended at once: children log into their own runs.
    Two parts starting at the same instant may each create one; the oldest is used after.
    """
    query = f"tags.`{ROLE_TAG}` = '{PARENT_ROLE}' and tags.{RUN_ID_TAG} = '{project_id}'"
    found = client.search_runs(
        [experiment_id], query, order_by=["attributes.start_time ASC"], max_results=1
    )
    if found:
        return found[0].info.run_id
    tags = {ROLE_TAG: PARENT_ROLE, RUN_ID_TAG: project_id}
    parent = client.create_run(experiment_id, run_name=project_id, tags=tags)
    client.set_terminated(parent.info.run_id, "FINISHED")
    return parent.info.run_id


def log_metrics(client: Any, run_id: str, points: list[tuple[str, float, int]]) -> None:
    """Log (key, value, step) points in as few calls as MLflow allows."""
    from mlflow.entities import Metric  # noqa: PLC0415

    now = int(time.time() * 1000)
    metrics = [Metric(key, float(value), now, step) for key, value, step in points]
    for start in range(0, len(metrics), MAX_METRICS_PER_BATCH):
        client.log_batch(run_id, metrics=metrics[start : start + MAX_METRICS_PER_BATCH])

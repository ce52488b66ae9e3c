"""Experiment tracking with kedro-mlflow, on only for runs whose configuration has `mlflow.yml`.

Installed, kedro-mlflow registers its hook for every run; `settings.py` blocks that
auto-registration and `MlflowTrackingHook` drives kedro-mlflow's own hook instead, only when
the run's environment ships an `mlflow.yml` (`kedro run --env mlflow`). kedro-mlflow then owns
the MLflow run: tracking URI, experiment, start and end, and the parameters of every node.
This hook adds what kedro-mlflow's datasets cannot express here without changing plain runs:

- `metrics` and `training_history` are JSON dicts, not the single values or
  `{"value", "step"}` records of MlflowMetricDataset / MlflowMetricsHistoryDataset;
- the plots, report and model are versioned, and MlflowArtifactDataset builds its inner
  dataset without the session's save version: Kedro 1.7's catalog then refuses it
  (`VersionAlreadyExistsError`: all datasets in the catalog must share one save version).

So they are logged from the objects the run saves, as each is saved.
"""

from __future__ import annotations

import dataclasses
import math
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kedro.config import MissingConfigException
from kedro.framework.hooks import hook_impl

from seq_pipeline.training.cluster import non_chief_worker

CONFIG_KEY = "mlflow"
METRICS_DATASET = "metrics"
HISTORY_DATASET = "training_history"
REPORT_DATASET = "diagnosis_report"
MODEL_DATASET = "model"
FIGURE_SUFFIX = "_plot"  # every `{name}_plot` dataset: roc_curve, confusion_matrix, …
RUN_ID_TAG = "run_id"
MAX_METRICS_PER_BATCH = 1000  # MLflow's limit for one log_batch call


class MlflowTrackingHook:
    """Runs kedro-mlflow's hook, plus this project's metrics and artifacts, when configured."""

    def __init__(self) -> None:
        self._mlflow: Any = None  # kedro-mlflow's MlflowHook while tracking is on
        self._runtime_params: dict[str, Any] = {}

    @property
    def _run_id(self) -> str | None:
        """The MLflow run of the current Kedro run, or None when nothing is tracked."""
        return None if self._mlflow is None else self._mlflow.run_id

    @hook_impl
    def after_context_created(self, context: Any) -> None:
        self._mlflow = None
        # The run identity hook records the run's id here, also when it picks one itself.
        self._runtime_params = context.config_loader.runtime_params or {}
        if not has_tracking_config(context.config_loader):
            return
        if non_chief_worker(context.params) is not None:
            return  # multi-worker training: the chief tracks the run, once
        try:
            from kedro_mlflow.framework.hooks.mlflow_hook import MlflowHook  # noqa: PLC0415
        except ImportError as error:
            raise ImportError(
                f"The '{context.env}' environment has an mlflow.yml, which turns experiment "
                "tracking on, but kedro-mlflow is not installed: pip install -e '.[mlflow]'"
            ) from error
        self._mlflow = MlflowHook()
        self._mlflow.after_context_created(context=context)

    @hook_impl
    def after_catalog_created(
        self,
        catalog: Any,
        conf_catalog: dict[str, Any],
        conf_creds: dict[str, Any],
        parameters: dict[str, Any],
        save_version: str,
        load_versions: dict[str, str],
    ) -> None:
        if self._mlflow is not None:
            self._mlflow.after_catalog_created(
                catalog=catalog,
                conf_catalog=conf_catalog,
                conf_creds=conf_creds,
                parameters=parameters,
                save_version=save_version,
                load_versions=load_versions,
            )

    @hook_impl
    def before_pipeline_run(self, run_params: dict[str, Any], pipeline: Any, catalog: Any) -> None:
        if self._mlflow is None:
            return
        self._mlflow.before_pipeline_run(run_params=run_params, pipeline=pipeline, catalog=catalog)
        self._tag_run(run_params, catalog)

    @hook_impl
    def before_node_run(
        self, node: Any, catalog: Any, inputs: dict[str, Any], is_async: bool
    ) -> None:
        if self._mlflow is None:
            return
        # Kedro hands typed options blocks over as Pydantic models; kedro-mlflow flattens
        # only dicts, and would log each block as one string.
        plain = {name: as_plain_data(value) for name, value in inputs.items()}
        self._mlflow.before_node_run(node=node, catalog=catalog, inputs=plain, is_async=is_async)

    @hook_impl
    def after_dataset_saved(self, dataset_name: str, data: Any) -> None:
        run_id = self._run_id
        if run_id is None:
            return
        from mlflow.tracking import MlflowClient  # noqa: PLC0415 - only when tracking

        # An explicit run id, not the active run: with ThreadRunner nodes save in other threads.
        client = MlflowClient()
        if dataset_name == METRICS_DATASET:
            log_metric_values(client, run_id, dict(numeric_leaves(data)))
        elif dataset_name == HISTORY_DATASET:
            log_metric_histories(client, run_id, data["history"])
        elif dataset_name.endswith(FIGURE_SUFFIX):
            name = dataset_name.removesuffix(FIGURE_SUFFIX)
            client.log_figure(run_id, data, f"plots/{name}.png")
        elif dataset_name == REPORT_DATASET:
            client.log_text(run_id, data, "diagnosis.html")
        elif dataset_name == MODEL_DATASET:
            log_keras_model(client, run_id, data)

    @hook_impl
    def after_pipeline_run(self, run_params: dict[str, Any], pipeline: Any, catalog: Any) -> None:
        if self._mlflow is None:
            return
        # Again at the end: a run id set while the run started (by another hook) counts too.
        self._tag_run(run_params, catalog)
        self._mlflow.after_pipeline_run(run_params=run_params, pipeline=pipeline, catalog=catalog)

    @hook_impl
    def on_pipeline_error(
        self, error: Exception, run_params: dict[str, Any], pipeline: Any, catalog: Any
    ) -> None:
        if self._mlflow is not None:
            self._mlflow.on_pipeline_error(
                error=error, run_params=run_params, pipeline=pipeline, catalog=catalog
            )

    def _tag_run(self, run_params: dict[str, Any], catalog: Any) -> None:
        run_id = self._run_id
        if run_id is None:
            return
        from mlflow.tracking import MlflowClient  # noqa: PLC0415

        project_id = project_run_id(self._runtime_params, catalog, run_params["run_id"])
        MlflowClient().set_tag(run_id, RUN_ID_TAG, project_id)


def absolute_path(path: str) -> str:
    """`${absolute_path:data}` in configuration: a local path, from the folder Kedro runs in.

    MLflow caches its store by URI: a relative `sqlite:///data/mlflow.db` would keep
    pointing at the first project's database in a process that runs several projects.
    """
    protocol, _, local = str(path).rpartition("://")
    if protocol not in ("", "file"):
        raise ValueError(
            f"'{path}' is not a local folder: MLflow's SQLite store cannot live there. "
            "Set server.mlflow_tracking_uri in this environment's mlflow.yml to a tracking "
            "server instead."
        )
    return Path(local).resolve().as_posix()


def has_tracking_config(config_loader: Any) -> bool:
    """Whether the run's configuration (base + environment) has an `mlflow.yml`."""
    try:
        config_loader[CONFIG_KEY]
    except (KeyError, MissingConfigException):
        return False
    return True


def project_run_id(runtime_params: Mapping[str, Any], catalog: Any, kedro_run_id: str) -> str:
    """The project's run id (runtime, else `run_id` parameter), else Kedro's own run id."""
    run_id = runtime_params.get("run_id")
    if not run_id and "params:run_id" in catalog:
        run_id = catalog.load("params:run_id")
    # Kedro's own run id, in the run parameters it hands to hooks, is the session id.
    return str(run_id or kedro_run_id)


def as_plain_data(value: Any) -> Any:
    """A Pydantic model or dataclass as a dict; anything else unchanged."""
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def numeric_leaves(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, float]]:
    """Every finite number of a nested dict, keyed by its dotted path (`test.accuracy`)."""
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from numeric_leaves(value, f"{path}.")
        elif (
            isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        ):
            yield path, float(value)


def log_metric_values(client: Any, run_id: str, values: Mapping[str, float]) -> None:
    """Log one value per metric, at step 0."""
    log_metrics(client, run_id, [(key, value, 0) for key, value in values.items()])


def log_metric_histories(client: Any, run_id: str, histories: Mapping[str, list]) -> None:
    """Log each per-epoch series as one metric with a step per epoch (1, 2, …)."""
    log_metrics(
        client,
        run_id,
        [
            (key, value, epoch)
            for key, values in histories.items()
            for epoch, value in enumerate(values, start=1)
        ],
    )


def log_metrics(client: Any, run_id: str, points: list[tuple[str, float, int]]) -> None:
    """Log (key, value, step) points in as few calls as MLflow allows."""
    from mlflow.entities import Metric  # noqa: PLC0415

    now = int(time.time() * 1000)
    metrics = [Metric(key, float(value), now, step) for key, value, step in points]
    for start in range(0, len(metrics), MAX_METRICS_PER_BATCH):
        client.log_batch(run_id, metrics=metrics[start : start + MAX_METRICS_PER_BATCH])


def log_keras_model(client: Any, run_id: str, model: Any) -> None:
    """Log the model as the `.keras` file the catalog stores (under `model/`)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.keras"
        model.save(path)
        client.log_artifact(run_id, str(path), "model")

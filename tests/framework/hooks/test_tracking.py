"""Experiment tracking: kedro-mlflow is inert unless the run's environment has an mlflow.yml."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from kedro.config import OmegaConfigLoader
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project
from kedro.io import DataCatalog, MemoryDataset

from seq_pipeline.core.demo import to_long_table
from seq_pipeline.framework.hooks.tracking import (
    absolute_path,
    as_plain_data,
    has_tracking_config,
    numeric_leaves,
    project_run_id,
)
from seq_pipeline.pipelines.train.options import TrainOptions
from seq_pipeline.settings import CONFIG_LOADER_ARGS

KEDRO_MLFLOW = importlib.util.find_spec("kedro_mlflow") is not None
needs_kedro_mlflow = pytest.mark.skipif(
    not KEDRO_MLFLOW, reason="kedro-mlflow is optional: pip install -e '.[mlflow]'"
)
TINY = {
    "train_options": {
        "lstm_units": 8,
        "dense_units": 4,
        "epochs": 2,
        "early_stopping_patience": 5,
        "batch_size": 32,
        "learning_rate": 0.01,
        "tensorboard_dir": None,
        "verbose": 0,
    },
    "diagnose_options": {"n_bootstrap": 50, "n_permutations": 9},
}
PLOTS = ("roc_curve", "confusion_matrix", "learning_curves", "model_vs_baselines")
TEST_METRICS = ("accuracy", "balanced_accuracy", "roc_auc", "pr_auc", "f1")


@pytest.fixture
def project(project_copy, tmp_path, monkeypatch, event_arrays) -> Path:
    x, y = event_arrays
    to_long_table(x, y, ("sensor_a", "sensor_b")).to_parquet(tmp_path / "mine.parquet")
    monkeypatch.chdir(project_copy)
    bootstrap_project(project_copy)
    return project_copy


def latest_version(path: Path) -> Path:
    """The newest `<timestamp>/<file>` below a versioned dataset's folder."""
    return sorted(path.iterdir())[-1] / path.name


def mlflow_files(root: Path) -> list[Path]:
    """Anything MLflow writes (its database, artifact store, an `mlruns` folder), conf aside."""
    return [
        path
        for path in root.rglob("*")
        if path.name.startswith(("mlflow", "mlruns")) and "conf" not in path.parts
    ]


@pytest.mark.parametrize(("env", "expected"), [("mlflow", True), ("local", False), (None, False)])
def test_tracking_is_configured_only_in_the_mlflow_environment(env, expected):
    conf = Path(__file__).resolve().parents[3] / "conf"
    loader = OmegaConfigLoader(str(conf), env=env, **CONFIG_LOADER_ARGS)
    assert has_tracking_config(loader) is expected


def test_numeric_leaves_flatten_metrics_and_drop_what_mlflow_cannot_store():
    metrics = {
        "threshold": 0.5,
        "test": {"accuracy": 0.9, "roc_auc": None, "n": 40, "confusion_matrix": {"tp": 3}},
        "val": {"f1": float("nan"), "ok": True},
    }
    assert dict(numeric_leaves(metrics)) == {
        "threshold": 0.5,
        "test.accuracy": 0.9,
        "test.n": 40.0,
        "test.confusion_matrix.tp": 3.0,
    }


def test_typed_options_reach_kedro_mlflow_as_dicts_it_can_flatten():
    plain = as_plain_data(TrainOptions(batch_size=16))
    assert isinstance(plain, dict)
    assert plain["batch_size"] == 16
    assert as_plain_data(3) == 3


def test_run_is_tagged_with_the_project_run_id_else_kedros():
    kedro_run_id = "2026-01-01T00.00.00.000Z"  # the session id
    assert project_run_id({}, DataCatalog(), kedro_run_id) == kedro_run_id
    assert project_run_id({"run_id": "r1"}, DataCatalog(), kedro_run_id) == "r1"
    catalog = DataCatalog({"params:run_id": MemoryDataset("r2")})
    assert project_run_id({}, catalog, kedro_run_id) == "r2"
    assert project_run_id({"run_id": "r1"}, catalog, kedro_run_id) == "r1"


def test_tracking_paths_are_local_and_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert absolute_path("data") == (tmp_path / "data").as_posix()
    assert absolute_path(f"file://{tmp_path}/root") == (tmp_path / "root").as_posix()
    with pytest.raises(ValueError, match=r"s3://bucket/seq.*mlflow_tracking_uri"):
        absolute_path("s3://bucket/seq")


def test_a_run_without_the_mlflow_environment_writes_nothing_to_mlflow(project, tmp_path):
    # With kedro-mlflow installed, its auto-registered hook would set up a store here.
    params = {"raw_path": str(tmp_path / "mine.parquet"), "run_id": "plain"}
    with KedroSession.create(project_path=project, runtime_params=params) as session:
        session.run(pipeline_names=["ingest"])
    assert latest_version(project / "data/runs/plain/02_intermediate/sequences.parquet").is_file()
    assert mlflow_files(project) == []
    assert mlflow_files(tmp_path) == []


@needs_kedro_mlflow
@pytest.mark.slow
def test_a_tracked_run_logs_params_metrics_curves_plots_report_and_model(project, tmp_path):
    import mlflow
    from mlflow.tracking import MlflowClient

    params = {"raw_path": str(tmp_path / "mine.parquet"), "run_id": "tiny-run", **TINY}
    with KedroSession.create(project_path=project, env="mlflow", runtime_params=params) as s:
        s.run()

    assert mlflow.active_run() is None  # ended, so the next run in this process starts anew
    data = project / "data"
    client = MlflowClient(tracking_uri=f"sqlite:///{data / 'mlflow.db'}")
    run_data = data / "runs" / "tiny-run"
    experiment = client.get_experiment_by_name("seq_pipeline")
    (run,) = client.search_runs([experiment.experiment_id])
    assert run.info.status == "FINISHED"
    assert run.data.tags["run_id"] == "tiny-run"

    logged = run.data.params
    assert logged["train_options.batch_size"] == "32"
    assert logged["train_options.epochs"] == "2"
    assert logged["split_options.val_fraction"] == "0.15"
    assert logged["evaluate_options.threshold"] == "0.5"
    assert "train_options" not in logged  # flattened, not one string per block

    metrics = json.loads(latest_version(run_data / "08_reporting/metrics.json").read_text())
    for name in TEST_METRICS:
        assert run.data.metrics[f"test.{name}"] == metrics["test"][name], name

    history_file = latest_version(run_data / "07_model_output/training_history.json")
    history = json.loads(history_file.read_text())
    loss = client.get_metric_history(run.info.run_id, "loss")
    assert [point.step for point in loss] == list(range(1, history["epochs_run"] + 1))
    assert [point.value for point in loss] == history["history"]["loss"]
    assert len(client.get_metric_history(run.info.run_id, "val_loss")) == history["epochs_run"]

    def artifacts(path: str | None = None) -> dict[str, int]:
        return {a.path: a.file_size for a in client.list_artifacts(run.info.run_id, path)}

    assert {"plots", "model", "diagnosis.html"} <= set(artifacts())
    assert set(artifacts("plots")) == {f"plots/{name}.png" for name in PLOTS}
    assert artifacts("model")["model/model.keras"] > 0
    html = Path(client.download_artifacts(run.info.run_id, "diagnosis.html", str(tmp_path)))
    report = latest_version(run_data / "08_reporting/diagnosis.html")
    assert html.read_text() == report.read_text()
    # Offline, under the data root: the store and the artifacts both.
    assert run.info.artifact_uri.startswith((data / "mlflow-artifacts").as_uri())


@needs_kedro_mlflow
def test_a_failed_tracked_run_is_recorded_as_failed_and_tagged_with_its_run_id(project, tmp_path):
    import mlflow
    from mlflow.tracking import MlflowClient

    missing = tmp_path / "absent.parquet"
    params = {"raw_path": str(missing)}  # and no run_id: the project picks a fresh one
    with (
        KedroSession.create(project_path=project, env="mlflow", runtime_params=params) as s,
        pytest.raises(Exception, match=r"absent\.parquet"),
    ):
        s.run(pipeline_names=["ingest"])

    client = MlflowClient(tracking_uri=f"sqlite:///{project / 'data/mlflow.db'}")
    experiment = client.get_experiment_by_name("seq_pipeline")
    (run,) = client.search_runs([experiment.experiment_id])
    assert run.info.status == "FAILED"
    (picked,) = (project / "data/runs").iterdir()
    assert run.data.tags["run_id"] == picked.name
    assert mlflow.active_run() is None  # closed, so the next run in this process starts clean


@needs_kedro_mlflow
def test_a_run_the_run_identity_refuses_starts_no_mlflow_run(project, tmp_path):
    import mlflow
    from mlflow.tracking import MlflowClient

    from seq_pipeline.framework.runs import RunError

    raw = str(tmp_path / "mine.parquet")
    with KedroSession.create(
        project_path=project, runtime_params={"raw_path": raw, "run_id": "a"}
    ) as s:
        s.run(pipeline_names=["ingest"])
    # No run id: the session reads run "a", so it may not start from raw data. Kedro calls no
    # error hook for a failing before_pipeline_run: an MLflow run started first would dangle.
    with (
        KedroSession.create(
            project_path=project, env="mlflow", runtime_params={"raw_path": raw}
        ) as s,
        pytest.raises(RunError, match="needs a new run"),
    ):
        s.run(pipeline_names=["ingest"])

    assert mlflow.active_run() is None
    client = MlflowClient(tracking_uri=f"sqlite:///{project / 'data/mlflow.db'}")
    experiment = client.get_experiment_by_name("seq_pipeline")
    assert client.search_runs([experiment.experiment_id]) == []

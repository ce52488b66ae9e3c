"""Promote with tracking on: the registry alias `champion` moves with the pointer, and only then."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project
from kedro_datasets.json import JSONDataset
from kedro_datasets.pandas import ParquetDataset

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.tables import validate_table
from seq_pipeline.datasets.champion import read_champion, write_champion
from seq_pipeline.serving.registry import CHAMPION_ALIAS, REGISTERED_MODEL, log_model
from tests.pipelines.promote.runs import (
    VERSION,
    contract_of,
    labelled_table,
    mean_reader,
    store_model,
)
from tests.pipelines.promote.test_promote import predictions_of

# The `mlflow` extra is optional: without it these tests are skipped, not failed.
mlflow = pytest.importorskip("mlflow")


def store_run(runs: Path, run_id: str, table, quality: float, feature: int) -> None:
    """What promote reads of a run (table, predictions, diagnosis, model), built directly."""
    run = runs / run_id
    validated, _ = validate_table(table, ColumnSpec())
    ParquetDataset(filepath=str(run / "02_intermediate/sequences.parquet"), version=VERSION).save(
        validated
    )
    predictions = predictions_of(table, quality)
    ParquetDataset(filepath=str(run / "07_model_output/predictions.parquet"), version=VERSION).save(
        predictions
    )
    JSONDataset(filepath=str(run / "08_reporting/diagnosis.json"), version=VERSION).save(
        {"verdict": "learns"}
    )
    store_model(runs, run_id, mean_reader(feature), contract_of(table))


def register(run_id: str, table, feature: int) -> str:
    """A registered version for the run, as a tracked `train` logs it."""
    mlflow_run = mlflow.MlflowClient().create_run("0")
    info = log_model(
        mlflow_run.info.run_id,
        mean_reader(feature),
        contract_of(table),
        project_run_id=run_id,
        threshold=0.5,
    )
    return str(info.registered_model_version)


def champion_version() -> str:
    client = mlflow.MlflowClient()
    return str(client.get_model_version_by_alias(REGISTERED_MODEL, CHAMPION_ALIAS).version)


@pytest.mark.slow
def test_the_alias_follows_the_pointer_better_in_worse_out(project_copy, monkeypatch):
    runs = project_copy / "data" / "runs"
    mlflow.set_tracking_uri(f"sqlite:///{project_copy / 'data' / 'mlflow.db'}")
    table = labelled_table(200, seed=3)
    versions = {}
    for run_id, quality, feature in (("weak", 0.5, 1), ("better", 0.95, 0), ("worse", 0.7, 1)):
        store_run(runs, run_id, table, quality, feature)
        versions[run_id] = register(run_id, table, feature)
    write_champion(str(runs), {"run_id": "weak", "promoted": True})

    monkeypatch.chdir(project_copy)
    bootstrap_project(project_copy)
    params = {"promote_options": {"n_bootstrap": 200}}
    for run_id in ("better", "worse"):
        with KedroSession.create(
            project_path=project_copy, env="mlflow", runtime_params={**params, "run_id": run_id}
        ) as session:
            session.run(pipeline_names=["promote"])
        if run_id == "better":
            assert read_champion(str(runs))["run_id"] == "better"
            assert champion_version() == versions["better"]
    # The worse run scored below the champion ("better") and moved neither pointer nor alias.
    assert read_champion(str(runs))["run_id"] == "better"
    assert champion_version() == versions["better"]
    (version,) = (runs / "worse/08_reporting/promotion.json").iterdir()
    record = json.loads((version / "promotion.json").read_text())
    assert record["decision"] == "not_promoted" and record["champion_before"] == "better"

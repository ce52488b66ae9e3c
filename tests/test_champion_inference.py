"""`kedro run --pipelines inference` without a run id scores with the champion."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from kedro.framework.startup import bootstrap_project

from seq_pipeline.cli import champion_run_id, cli
from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.serving import contract_tensors
from seq_pipeline.datasets import NPZDataset
from seq_pipeline.datasets.champion import write_champion
from tests.pipelines.promote.runs import (
    VERSION,
    contract_of,
    labelled_table,
    mean_reader,
    store_model,
)


def store_training_data(run: Path, table, contract: dict) -> None:
    """The run's tensors and split, which the drift check samples training rows from."""
    tensors, _ = contract_tensors(table, ColumnSpec().model_dump(), contract)
    n = len(tensors["ids"])
    NPZDataset(filepath=str(run / "03_primary/sequences.npz"), version=VERSION).save(tensors)
    split = {"train": np.arange(n), "val": np.array([], int), "test": np.array([], int)}
    NPZDataset(filepath=str(run / "05_model_input/split.npz"), version=VERSION).save(split)


def test_no_champion_means_the_latest_complete_run(tmp_path):
    assert champion_run_id(str(tmp_path)) is None
    write_champion(str(tmp_path), {"run_id": "abc", "promoted": True})
    assert champion_run_id(str(tmp_path)) == "abc"


@pytest.mark.slow
def test_inference_without_a_run_id_scores_with_the_champion_and_reports(
    project_copy, tmp_path, monkeypatch, caplog
):
    runs = project_copy / "data" / "runs"
    table = labelled_table(200, seed=1)
    contract = contract_of(table)
    store_model(runs, "strong", mean_reader(feature=0), contract)
    store_training_data(runs / "strong", table, contract)
    write_champion(str(runs), {"run_id": "strong", "promoted": True})
    new = tmp_path / "new.csv"
    labelled_table(60, seed=9, shift=2.0).to_csv(new, index=False)

    monkeypatch.chdir(project_copy)
    bootstrap_project(project_copy)
    params = f"inference_path={new}"
    result = CliRunner().invoke(cli, ["run", "--pipelines", "inference", "--params", params])
    assert result.exit_code == 0, result.output
    # No run is complete (none has a status), so only the champion could have been picked.
    report_file = runs / "strong" / "08_reporting" / "inference_report.json"
    (version,) = report_file.iterdir()
    report = json.loads((version / report_file.name).read_text())
    assert report["run_id"] == "strong" and report["n_sequences"] == 60
    # Every value of `a` moved up: the model calls nearly everything positive, and the report
    # says why — the batch is flagged as shifted (and scored all the same).
    assert report["positive_share"] > 0.9 and report["metrics"]["balanced_accuracy"] < 0.6
    assert report["drift"]["verdict"] == "shifted" and "a" in report["drift"]["moved_features"]
    predictions = runs / "strong" / "07_model_output" / "inference_predictions.parquet"
    (written,) = predictions.glob("*/inference_predictions.parquet")
    assert f"Predictions written to {written}" in " ".join(caplog.text.split())

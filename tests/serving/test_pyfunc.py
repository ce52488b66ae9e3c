"""The MLflow model: loaded in a fresh process, it scores a raw file as `inference` does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from kedro.io import MemoryDataset

from seq_pipeline.datasets import RawSequenceDataset
from seq_pipeline.datasets.keras_model import KerasModelDataset
from seq_pipeline.pipelines import inference, ingest, normalize, split, train
from seq_pipeline.pipelines.evaluate.nodes import EvaluateOptions
from seq_pipeline.serving.registry import REGISTERED_MODEL, log_model, version_of_run
from tests.conftest import PROJECT_ROOT
from tests.pipelines.ingest.factory import params_catalog, ragged_table, run

# The `mlflow` extra is optional: without it these tests are skipped, not failed.
mlflow = pytest.importorskip("mlflow")

# Loads the logged model in a new interpreter that sees only the project's wheel (no project
# folder, no conf, not this test's modules) and prints its predictions for a CSV as JSON.
LOAD_AND_PREDICT = """
import json, sys
import mlflow, pandas as pd
mlflow.set_tracking_uri(sys.argv[1])
model = mlflow.pyfunc.load_model(sys.argv[2])
table = pd.read_csv(sys.argv[3], dtype={"sequence_id": str})
print(json.dumps(model.predict(table).to_dict(orient="list")))
import seq_pipeline
print("package:", seq_pipeline.__file__)
"""


def wheel_only(tmp_path: Path) -> Path:
    """The project built as a wheel and unpacked alone into a folder (its dependencies, such
    as TensorFlow and MLflow, come from this environment); the folder goes first on the path."""
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    wheels, site = tmp_path / "wheel", tmp_path / "site"
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), "."]
    subprocess.run(build, cwd=PROJECT_ROOT, check=True, capture_output=True)
    (wheel,) = wheels.glob("seq_pipeline-*.whl")
    install = [*pip, "install", "--no-deps", "--target", str(site), str(wheel)]
    subprocess.run(install, check=True, capture_output=True)
    return site


@pytest.fixture
def trained(tmp_path) -> tuple:
    """A tiny model trained by the pipelines on a ragged file, its catalog and contract."""
    train_path = tmp_path / "train.csv"
    ragged_table(60, seed=1).to_csv(train_path, index=False)
    catalog = params_catalog(RawSequenceDataset(filepath=str(train_path)), tmp_path)
    catalog["model_contract"] = MemoryDataset(copy_mode="assign")
    build = ingest.create_pipeline() + normalize.create_pipeline() + split.create_pipeline()
    run(build + train.create_pipeline(), catalog)
    catalog["model"] = KerasModelDataset(filepath=str(tmp_path / "model.keras"))
    catalog["params:evaluate_options"] = MemoryDataset(EvaluateOptions(), copy_mode="assign")
    return catalog, catalog.load("model_contract")


@pytest.mark.slow
def test_logged_model_in_a_fresh_process_scores_like_the_inference_pipeline(tmp_path, trained):
    catalog, contract = trained
    new_path = tmp_path / "new.csv"
    new = ragged_table(14, seed=5)
    new[["timestep", "sequence_id", "b", "a", "label"]].to_csv(new_path, index=False)
    catalog["inference_sequences"] = RawSequenceDataset(filepath=str(new_path))
    run(inference.create_pipeline(), catalog)
    expected = catalog.load("inference_predictions")

    uri = f"sqlite:///{tmp_path}/mlflow.db"
    mlflow.set_tracking_uri(uri)
    experiment = mlflow.create_experiment("t", artifact_location=str(tmp_path / "artifacts"))
    mlflow_run = mlflow.MlflowClient().create_run(experiment)
    info = log_model(
        mlflow_run.info.run_id,
        catalog.load("model"),
        contract,
        project_run_id="run-a",
        threshold=0.5,
    )
    version = version_of_run("run-a")
    assert version == str(info.registered_model_version) == "1"
    tags = mlflow.MlflowClient().get_model_version(REGISTERED_MODEL, version).tags
    assert tags["run_id"] == "run-a"

    site = wheel_only(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run(
        [sys.executable, "-c", LOAD_AND_PREDICT, uri, f"models:/{REGISTERED_MODEL}/1", new_path],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    *_, printed, package = out.stdout.strip().splitlines()
    assert package.startswith(f"package: {site}")  # the wheel's copy, not the checkout
    served = pd.DataFrame(json.loads(printed))
    assert served["sequence_id"].tolist() == expected["sequence_id"].tolist()
    np.testing.assert_allclose(served["probability"], expected["probability"], atol=1e-6)
    assert served["predicted_label"].tolist() == expected["predicted_label"].tolist()
    assert served["true_label"].tolist() == expected["true_label"].tolist()

    # Arrays in, same numbers. MLflow's schema check takes only the table, so arrays go to
    # the unwrapped model (the sequences padded to the model's length, with their lengths).
    model = mlflow.pyfunc.load_model(info.model_uri).unwrap_python_model()
    table = new.sort_values(["sequence_id", "timestep"])
    lengths = table.groupby("sequence_id", sort=False).size().to_numpy()
    x = np.zeros((len(lengths), contract["max_seqlen"], 2))
    for i, (_, rows) in enumerate(table.groupby("sequence_id", sort=False)):
        x[i, : len(rows)] = rows[["a", "b"]].to_numpy()
    by_arrays = model.predict(None, {"X": x, "lengths": lengths})
    np.testing.assert_allclose(
        by_arrays["probability"],
        expected.set_index("sequence_id").loc[table["sequence_id"].unique(), "probability"],
        atol=1e-6,
    )

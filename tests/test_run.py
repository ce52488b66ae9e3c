"""End to end: the whole default pipeline through a real KedroSession on small generated data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from kedro.framework.project import pipelines
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project
from kedro.io import MemoryDataset

from seq_pipeline.core.demo import to_long_table
from seq_pipeline.framework.runs import RunError

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore_run.ipynb"
TINY_TRAINING = {
    "lstm_units": 16,
    "dense_units": 8,
    "epochs": 3,
    "min_steps": 0,  # conf/base asks for 500 gradient steps: too many for a test
    "batch_size": 32,
    "learning_rate": 0.01,
    "tensorboard_dir": None,
    "verbose": 0,
}


# Artifacts of every stage that a default run must persist.
ARTIFACTS = (
    "validated_sequences",
    "ingest_report",
    "primary_sequences",
    "split_indices",
    "data_audit",
    "scaler",
    "model",
    "training_history",
    "predictions",
    "metrics",
    "diagnosis",
    "diagnosis_report",
)
PREDICTIONS = "07_model_output/predictions.parquet"
VERSION = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}\.\d{2}\.\d{2}\.\d{3}Z")


def latest_version(path: Path) -> Path:
    """The newest `<timestamp>/<file>` below a versioned dataset's folder."""
    return sorted(path.iterdir())[-1] / path.name


def run_folder(project: Path, run_id: str) -> Path:
    return project / "data" / "runs" / run_id


@pytest.fixture
def project(project_copy, tmp_path, monkeypatch, event_arrays) -> Path:
    project = project_copy
    raw = tmp_path / "mine.parquet"
    x, y = event_arrays
    to_long_table(x, y, ("sensor_a", "sensor_b")).to_parquet(raw)
    monkeypatch.chdir(project)
    bootstrap_project(project)
    return project


@pytest.mark.slow
def test_default_pipeline_end_to_end(project, tmp_path):
    raw = tmp_path / "mine.parquet"
    raw_bytes = raw.read_bytes()
    runtime_params = {"raw_path": str(raw), "train_options": TINY_TRAINING, "run_id": "e2e"}
    with KedroSession.create(project_path=project, runtime_params=runtime_params) as session:
        session.run()

    with KedroSession.create(project_path=project, runtime_params=runtime_params) as session:
        catalog = session.load_context().catalog
    # Every output of every node is a persisted catalog entry, and this run wrote all of them.
    outputs = sorted(pipelines["__default__"].all_outputs())
    for name in outputs:
        assert not isinstance(catalog.get(name), MemoryDataset), name
        assert catalog.exists(name), f"{name} was not written"
    assert set(ARTIFACTS) <= set(outputs), set(ARTIFACTS) - set(outputs)
    data = run_folder(project, "e2e")
    # Every versioned output of the run carries the one version (timestamp) of the run.
    versioned = {
        p.parent.parent: p.parent.name
        for p in data.rglob("*")
        if p.is_file() and VERSION.fullmatch(p.parent.name) and p.parent.parent.name == p.name
    }
    assert len(versioned) >= len(ARTIFACTS)
    assert len(set(versioned.values())) == 1, versioned
    for relative in ("06_models/model.keras", "08_reporting/diagnosis.html"):
        assert latest_version(data / relative).is_file(), relative
    # The demo file is only written when the run reads the demo path.
    assert not (project / "data" / "01_raw" / "demo_sequences.parquet").exists()
    assert raw.read_bytes() == raw_bytes

    metrics = json.loads(latest_version(data / "08_reporting/metrics.json").read_text())
    assert metrics["test"]["accuracy"] > 0.75  # an easy signal: far above chance (0.5)
    report = json.loads(latest_version(data / "02_intermediate/ingest_report.json").read_text())
    assert report["feature_columns"] == ["sensor_a", "sensor_b"]
    assert catalog.load("diagnosis")["verdict"] == "learns"
    run_notebook_cells(NOTEBOOK, {"catalog": catalog})


def run_notebook_cells(path: Path, namespace: dict) -> None:
    """Execute a notebook's code cells (IPython magics aside) against a real catalog."""
    cells = json.loads(path.read_text())["cells"]
    for cell in cells:
        code = "".join(cell["source"])
        if cell["cell_type"] == "code" and not code.startswith("%"):
            exec(compile(code, f"{path.name} cell", "exec"), namespace)


@pytest.mark.slow
def test_each_pipeline_runs_alone_on_what_the_previous_one_persisted(project, tmp_path):
    raw = str(tmp_path / "mine.parquet")
    params = {"raw_path": raw, "train_options": {**TINY_TRAINING, "epochs": 1}, "run_id": "alone"}
    for name in ("ingest", "normalize", "split", "audit", "train", "evaluate", "diagnose"):
        with KedroSession.create(project_path=project, runtime_params=params) as session:
            session.run(pipeline_names=[name])
    data = run_folder(project, "alone")
    assert latest_version(data / "08_reporting/metrics.json").is_file()
    assert latest_version(data / "08_reporting/diagnosis.json").is_file()

    # `--load-versions`: evaluate an earlier model after a later one was trained.
    models, predictions = data / "06_models/model.keras", data / PREDICTIONS
    first_model = sorted(models.iterdir())[0].name
    first = pd.read_parquet(latest_version(predictions))
    reseeded = {**params, "seed": 43}  # another initialisation: another model
    with KedroSession.create(project_path=project, runtime_params=reseeded) as session:
        session.run(pipeline_names=["train", "evaluate"])
    assert len(list(models.iterdir())) == 2
    retrained = pd.read_parquet(latest_version(predictions))
    assert not np.allclose(retrained["probability"], first["probability"])
    with KedroSession.create(project_path=project, runtime_params=params) as session:
        session.run(pipeline_names=["evaluate"], load_versions={"model": first_model})
    again = pd.read_parquet(latest_version(predictions))
    np.testing.assert_allclose(again["probability"], first["probability"], atol=1e-6)


def test_demo_data_is_written_when_the_default_raw_file_is_missing(project):
    with KedroSession.create(project_path=project, runtime_params={"run_id": "d1"}) as session:
        session.run(pipeline_names=["ingest"])
    demo = project / "data/01_raw/demo_sequences.parquet"
    assert demo.is_file()
    before = demo.read_bytes()
    with KedroSession.create(project_path=project, runtime_params={"run_id": "d2"}) as session:
        session.run(pipeline_names=["ingest"])
    assert demo.read_bytes() == before


def test_a_session_without_run_id_reads_the_latest_run_and_may_not_start_one(project, tmp_path):
    params = {"raw_path": str(tmp_path / "mine.parquet"), "run_id": "first"}
    with KedroSession.create(project_path=project, runtime_params=params) as session:
        session.run(pipeline_names=["ingest"])
    with KedroSession.create(project_path=project, runtime_params={}) as session:
        catalog = session.load_context().catalog
        assert catalog.load("ingest_report")["n_sequences"] > 0  # read from run "first"
    with (
        KedroSession.create(project_path=project, runtime_params={}) as session,
        pytest.raises(RunError, match="needs a new run"),
    ):
        session.run(pipeline_names=["ingest"])

"""Shared fixtures: small generated data from the project's own generator, never the network."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

# Quiet TensorFlow and keep Kedro offline before either is imported by a test module.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "1")
# A data root exported in the developer's shell must not receive the tests' outputs.
os.environ.pop("SEQ_PIPELINE_DATA_ROOT", None)

import numpy as np
import pandas as pd
import pytest

from seq_pipeline.core.demo import make_event_sequences, to_long_table
from seq_pipeline.core.splits import SplitOptions, split_sequences
from seq_pipeline.core.tensors import NormalizeOptions, build_sequence_tensors
from seq_pipeline.pipelines.normalize.nodes import describe_preprocessing, encode_labels
from seq_pipeline.pipelines.train.options import TrainOptions

SEED = 7
PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fresh_mlflow_state():
    """Each test starts MLflow's process-wide state afresh, as each real run's process does.

    MLflow keeps the active experiment and run in module globals; a test that tracked a run
    in one store would otherwise make the next test's run in another store fail to start.
    """
    yield
    fluent = sys.modules.get("mlflow.tracking.fluent")
    if fluent is not None:
        while fluent.active_run() is not None:
            fluent.end_run()
        fluent._active_experiment_id = None


@pytest.fixture
def event_arrays() -> tuple[np.ndarray, np.ndarray]:
    """240 standardized sequences × 12 steps × 2 features with an easy, learnable label."""
    return make_event_sequences(n_sequences=240, n_steps=12, seed=SEED, pulse_height=5.0)


@pytest.fixture
def long_table(event_arrays) -> pd.DataFrame:
    """The same sequences as a long-format table with the default column names."""
    x, y = event_arrays
    return to_long_table(x, y, ("a", "b"))


@pytest.fixture
def sequences(long_table) -> dict[str, np.ndarray]:
    """Canonical tensors built by the normalize nodes."""
    options = NormalizeOptions()
    spec = describe_preprocessing(long_table, encode_labels(long_table, options), options)
    tensors, _ = build_sequence_tensors(long_table, spec)
    return tensors


@pytest.fixture
def tiny_options() -> TrainOptions:
    """A tiny model configuration so training tests take seconds."""
    return TrainOptions(
        lstm_units=8,
        dense_units=4,
        batch_size=32,
        epochs=2,
        learning_rate=0.01,
        tensorboard_dir=None,
        verbose=0,
    )


@pytest.fixture
def split(sequences) -> dict[str, np.ndarray]:
    """A stratified 70/15/15 split of `sequences`."""
    return split_sequences(sequences, SplitOptions(), seed=SEED)


def copy_project(parent: Path) -> Path:
    """The project's configuration in `parent/project`, so runs write only below `parent`."""
    project = parent / "project"
    project.mkdir()
    for item in ("pyproject.toml", ".telemetry"):
        shutil.copy(PROJECT_ROOT / item, project / item)
    shutil.copytree(PROJECT_ROOT / "conf", project / "conf")
    # The package itself is installed; Kedro only checks that the source folder exists.
    (project / "src").mkdir()
    return project


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """The project's configuration in a scratch folder, so runs write only under tmp_path."""
    return copy_project(tmp_path)

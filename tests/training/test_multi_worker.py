"""Multi-worker training through the project's own `kedro run`: two worker processes on
127.0.0.1, each with its TF_CONFIG, train one model in lock-step; only the chief writes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project

from seq_pipeline.cli import cli
from seq_pipeline.core.demo import make_event_sequences, to_long_table
from seq_pipeline.framework.runs import RunError

RUN_ID = "dist"
EPOCHS = 2
# conf/tiny: a tiny model, two epochs, trained on every worker of TF_CONFIG.
TINY_TRAIN = f"""\
train_options:
  lstm_units: 8
  dense_units: 4
  batch_size: 8
  adaptive_batch_size: false
  epochs: {EPOCHS}
  min_steps: 0
  early_stopping_patience: null
  lr_schedule: none
  distribution: multi_worker
  verbose: 2
"""
WORKER_TIMEOUT_S = 420


@pytest.fixture
def tiny_project(project_copy, monkeypatch) -> Path:
    """The project with a `tiny` environment that trains on every worker of TF_CONFIG."""
    (project_copy / "conf" / "tiny").mkdir()
    (project_copy / "conf" / "tiny" / "parameters_train.yml").write_text(TINY_TRAIN)
    monkeypatch.chdir(project_copy)
    monkeypatch.delenv("TF_CONFIG", raising=False)
    bootstrap_project(project_copy)
    return project_copy


@pytest.fixture
def project(tiny_project, tmp_path) -> Path:
    """A project whose run `dist` holds split data of 64 tiny sequences, ready to train.

    Without TF_CONFIG the process is no worker: ingest to split write the run as usual.
    """
    raw = tmp_path / "raw.parquet"
    x, y = make_event_sequences(n_sequences=64, n_steps=10, seed=3, pulse_height=5.0)
    to_long_table(x, y, ("a", "b")).to_parquet(raw)
    params = {"run_id": RUN_ID, "raw_path": str(raw)}
    with KedroSession.create(project_path=tiny_project, env="tiny", runtime_params=params) as s:
        s.run(pipeline_names=["ingest", "normalize", "split"])
    return tiny_project


def run_files(project: Path) -> dict[str, float]:
    """Every file of the run and its modification time."""
    run = project / "data" / "runs" / RUN_ID
    return {str(p.relative_to(run)): p.stat().st_mtime for p in run.rglob("*") if p.is_file()}


def tf_config(ports: list[int], index: int) -> str:
    workers = [f"127.0.0.1:{port}" for port in ports]
    return json.dumps({"cluster": {"worker": workers}, "task": {"type": "worker", "index": index}})


def free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def test_a_non_chief_worker_writes_nothing_into_the_run(project, monkeypatch):
    before = run_files(project)
    monkeypatch.setenv("TF_CONFIG", tf_config([2222, 2223], index=1))
    # docs/cluster.md's command, on a pipeline that does not train: its outputs are what matters.
    # (As worker 0, the chief, the same command adds a version and a status: the run changes.)
    params = f"run_id={RUN_ID},train_options.distribution=multi_worker"
    result = CliRunner().invoke(cli, ["run", "--pipelines", "split", "--params", params])
    assert result.exit_code == 0, result.output
    assert run_files(project) == before  # no new version, no manifest or status update


def test_a_worker_with_a_bad_tf_config_fails_before_running(project, monkeypatch):
    monkeypatch.setenv("TF_CONFIG", '{"cluster": {"worker": ["127.0.0.1:2222"]}}')
    params = {"run_id": RUN_ID, "train_options": {"distribution": "multi_worker"}}
    with (
        KedroSession.create(project_path=project, env="tiny", runtime_params=params) as s,
        pytest.raises(ValueError, match="TF_CONFIG has no 'task'"),
    ):
        s.run(pipeline_names=["split"])


def test_multi_worker_runs_need_an_explicit_run_id(tiny_project, monkeypatch):
    monkeypatch.setenv("TF_CONFIG", tf_config([2222, 2223], index=0))

    result = CliRunner().invoke(cli, ["run", "--env", "tiny", "--pipelines", "train"])
    # The project's own error: its message alone, exit 1 (the traceback only on request).
    assert result.exit_code == 1, result.output
    assert "one worker of a multi-worker cluster" in result.output
    assert "--params run_id=<id>" in result.output and "Traceback" not in result.output
    verbose = CliRunner().invoke(cli, ["run", "--env", "tiny", "--pipelines", "train", "--verbose"])
    assert isinstance(verbose.exception, RunError) and "run_id" in str(verbose.exception)


@pytest.mark.slow
def test_two_workers_train_one_model_and_only_the_chief_writes_it(project):
    before = run_files(project)
    ports = free_ports(2)
    command = [sys.executable, "-m", "kedro", "run", "--env", "tiny", "--pipelines", "train"]
    command += ["--params", f"run_id={RUN_ID}"]
    workers = [
        subprocess.Popen(
            command,
            cwd=project,
            env={**os.environ, "TF_CONFIG": tf_config(ports, index), "TF_CPP_MIN_LOG_LEVEL": "2"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for index in range(2)
    ]
    try:
        logs = [worker.communicate(timeout=WORKER_TIMEOUT_S)[0] for worker in workers]
    finally:
        for worker in workers:
            worker.kill()  # no-op for a finished worker; never leave one waiting for its peer
    assert [w.returncode for w in workers] == [0, 0], "\n\n".join(log[-3000:] for log in logs)
    assert "(non-chief)" in logs[1] and "(non-chief)" not in logs[0]  # rich wraps lines

    written = sorted(set(run_files(project)) - set(before))
    history = [name for name in written if name.startswith("07_model_output/training_history")]
    models = [name for name in written if name.startswith("06_models/model.keras/")]
    # One version of each output: a second writer would have added its own (or crashed).
    assert len(history) == len(models) == 1, written
    run = project / "data" / "runs" / RUN_ID
    with zipfile.ZipFile(run / models[0]) as keras_file:  # a complete Keras 3 `.keras` file
        assert {"config.json", "model.weights.h5"} <= set(keras_file.namelist())
    summary = json.loads((run / history[0]).read_text())
    assert summary["epochs_run"] == EPOCHS
    assert len(summary["history"]["loss"]) == EPOCHS
    assert summary["schedule"]["replicas"] == 2
    assert summary["schedule"]["batch_size"] == 2 * summary["schedule"]["per_replica_batch_size"]
    tensorboard = {name.split("/")[2] for name in written if "/tensorboard/" in name}
    assert len(tensorboard) == 1, tensorboard  # the chief's logs only
    statuses = [json.loads((run / n).read_text()) for n in written if n.startswith("status/")]
    assert [(s["part"], s["status"]) for s in statuses] == [("train", "succeeded")]

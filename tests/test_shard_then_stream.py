"""The two-step large-data path: `--pipelines shard`, then `--pipelines stream`, no id given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from seq_pipeline.framework.run_choice import is_complete
from seq_pipeline.framework.runs import RunStore
from tests.pipelines.ingest.factory import ragged_table
from tests.pipelines.shard.factory import write_parts

SRC = Path(__file__).resolve().parents[1] / "src"
TINY = (
    "train_options.lstm_units=8,train_options.dense_units=4,train_options.epochs=2,"
    "train_options.min_steps=0,train_options.tensorboard_dir=null,train_options.verbose=0,"
    "stream_options.sample_sequences=60"
)


def kedro(project: Path, *args: str) -> None:
    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "KEDRO_DISABLE_TELEMETRY": "1", "PYTHONPATH": path}
    done = subprocess.run(
        [sys.executable, "-m", "kedro", "run", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@pytest.mark.slow
def test_shard_then_stream_as_two_commands(project_copy, tmp_path):
    folder = write_parts(ragged_table(60), tmp_path / "parts", n_parts=3)
    kedro(project_copy, "--pipelines", "shard", "--params", f"raw_path={folder}")
    kedro(project_copy, "--pipelines", "stream", "--params", TINY)  # no id: shard's run
    store = RunStore(str(project_copy / "data/runs"))
    (run_id,) = store.run_ids()
    assert {"shard", "stream"} <= set(store.statuses(run_id))
    assert is_complete(store, run_id)
    assert list((project_copy / f"data/runs/{run_id}/08_reporting/metrics.json").glob("*/*"))

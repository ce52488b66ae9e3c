"""The two-step large-data path: `--pipelines shard`, then `--pipelines stream`, no id given."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from kedro.framework.startup import bootstrap_project

from seq_pipeline.cli import cli
from seq_pipeline.framework.runs import RunStore
from tests.pipelines.ingest.factory import ragged_table
from tests.pipelines.shard.factory import write_parts

TINY = (
    "train_options.lstm_units=8,train_options.dense_units=4,train_options.epochs=2,"
    "train_options.min_steps=0,train_options.tensorboard_dir=null,train_options.verbose=0,"
    "stream_options.sample_sequences=60"
)


@pytest.mark.slow
def test_shard_then_stream_as_two_commands(project_copy, tmp_path, monkeypatch):
    folder = write_parts(ragged_table(60), tmp_path / "parts", n_parts=3)
    monkeypatch.chdir(project_copy)
    bootstrap_project(project_copy)
    first = CliRunner().invoke(
        cli, ["run", "--pipelines", "shard", "--params", f"raw_path={folder}"]
    )
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(cli, ["run", "--pipelines", "stream", "--params", TINY])
    assert second.exit_code == 0, second.output
    store = RunStore(str(project_copy / "data/runs"))
    (run_id,) = store.run_ids()  # stream ran in the run shard made
    assert {"shard", "stream"} <= set(store.statuses(run_id))
    assert store.is_complete(run_id)
    assert list((project_copy / f"data/runs/{run_id}/08_reporting/metrics.json").glob("*/*"))

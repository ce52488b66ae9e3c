"""A run that names no pipeline: the in-memory path, or `large` for big Parquet parts."""

from __future__ import annotations

import json

import fsspec
import pytest
from click.testing import CliRunner
from kedro.framework.startup import bootstrap_project

from seq_pipeline.cli import cli
from seq_pipeline.framework.path_choice import choose_pipeline, parquet_part_rows
from tests.pipelines.ingest.factory import ragged_table
from tests.pipelines.shard.factory import write_parts


@pytest.fixture
def parts(tmp_path):
    table = ragged_table(60)
    return write_parts(table, tmp_path / "parts", n_parts=3), len(table)


def test_rows_are_counted_from_the_part_footers(parts, tmp_path):
    folder, n_rows = parts
    assert parquet_part_rows(str(folder)) == n_rows
    assert parquet_part_rows(str(folder / "part-000.parquet")) is None  # one file, not parts
    (tmp_path / "empty").mkdir()
    assert parquet_part_rows(str(tmp_path / "empty")) is None
    assert parquet_part_rows(None) is None


def test_rows_of_parts_behind_an_fsspec_url(parts):
    folder, n_rows = parts
    fs = fsspec.filesystem("memory")
    for part in sorted(folder.glob("*.parquet")):
        fs.pipe(f"/choice-parts/{part.name}", part.read_bytes())
    assert parquet_part_rows("memory:///choice-parts") == n_rows


def test_the_threshold_decides_and_null_turns_the_choice_off(parts):
    folder, n_rows = parts
    assert choose_pipeline(str(folder), n_rows)[0] == "large"
    assert choose_pipeline(str(folder), n_rows + 1)[0] == "__default__"
    assert choose_pipeline(str(folder), None)[0] == "__default__"
    name, why = choose_pipeline(str(folder / "part-000.parquet"), 1)
    assert name == "__default__" and "not a folder of Parquet parts" in why


@pytest.mark.slow
def test_a_plain_kedro_run_on_large_parts_takes_the_sharded_path(
    parts, project_copy, monkeypatch, caplog
):
    folder, n_rows = parts
    monkeypatch.chdir(project_copy)
    bootstrap_project(project_copy)
    params = ",".join(
        [
            f"raw_path={folder}",
            "run_id=big",
            f"shard_options.large_from_rows={n_rows}",
            "train_options.lstm_units=8",
            "train_options.dense_units=4",
            "train_options.epochs=2",
            "train_options.min_steps=0",
            "train_options.tensorboard_dir=null",
            "train_options.verbose=0",
            "stream_options.sample_sequences=60",
        ]
    )
    result = CliRunner().invoke(cli, ["run", "--params", params])
    assert result.exit_code == 0, result.output
    run = project_copy / "data/runs/big"
    assert list(run.glob("03_primary/sequences/*/sequences/index.json"))
    assert not list(run.glob("03_primary/sequences.npz"))  # the in-memory path did not run
    metrics = next(run.glob("08_reporting/metrics.json/*/metrics.json"))
    assert json.loads(metrics.read_text())["test"]["n"] > 0
    contract = next(run.glob("06_models/model_contract.json/*/model_contract.json"))
    # The contract names the user's columns, as in memory (from the shard report here).
    assert json.loads(contract.read_text())["columns"]["sequence_id"] == "sequence_id"
    assert next(run.glob("08_reporting/diagnosis.json/*/diagnosis.json"))


def test_the_reasons_name_the_setting_or_the_input():
    assert choose_pipeline("/anything", None) == (
        "__default__",
        "automatic choice off (shard_options.large_from_rows: null)",
    )
    assert choose_pipeline(None, 10) == (
        "__default__",
        "the raw input is not a folder of Parquet parts",
    )


def test_a_folder_given_with_a_trailing_slash_is_counted(parts):
    folder, n_rows = parts
    assert parquet_part_rows(f"{folder}/") == n_rows


def test_a_folder_whose_name_ends_in_a_letter_is_not_trimmed(tmp_path):
    table = ragged_table(20)
    folder = write_parts(table, tmp_path / "partsX", n_parts=2)
    assert parquet_part_rows(str(folder)) == len(table)

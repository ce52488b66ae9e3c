"""Promote: a better run replaces the champion, a worse or `no_signal` one never does."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from kedro.io import DataCatalog, MemoryDataset

from seq_pipeline.core.scoring import EvaluateOptions
from seq_pipeline.datasets.champion import ChampionDataset, read_champion, write_champion
from seq_pipeline.pipelines import promote
from seq_pipeline.pipelines.promote.options import PromoteOptions
from tests.pipelines.ingest.factory import run
from tests.pipelines.promote.runs import (
    contract_of,
    labelled_table,
    mean_reader,
    store_model,
)


def predictions_of(table: pd.DataFrame, quality: float, seed: int = 0) -> pd.DataFrame:
    """Evaluate's table for `table`: everything in `test`; right with probability `quality`."""
    first = table.drop_duplicates("sequence_id")
    y = (first["label"] == "yes").to_numpy(int)
    right = np.random.default_rng(seed).random(len(y)) < quality
    guess = np.where(right, y, 1 - y)
    return pd.DataFrame(
        {
            "sequence_id": first["sequence_id"].to_numpy(),
            "split": "test",
            "y_true": y,
            "probability": np.where(guess == 1, 0.9, 0.1),
        }
    )


def promote_run(runs_dir, run_id: str, table, quality: float, verdict: str = "learns") -> dict:
    """Run the promote pipeline for a run with the given evaluate quality and verdict."""
    catalog = DataCatalog(
        {
            "champion": ChampionDataset(str(runs_dir)),
            "champion_record": ChampionDataset(str(runs_dir), with_model=False),
            "champion_pointer": ChampionDataset(str(runs_dir), with_model=False),
        }
    )
    values = {
        "validated_sequences": table,
        "predictions": predictions_of(table, quality),
        "diagnosis": {"verdict": verdict},
        "params:evaluate_options": EvaluateOptions(),
        "params:promote_options": PromoteOptions(n_bootstrap=200),
        "params:run_id": run_id,
        "params:seed": 1,
        "promotion": None,
    }
    for name, value in values.items():
        catalog[name] = MemoryDataset(value, copy_mode="assign")
    return run(promote.create_pipeline(), catalog)["promotion"]


@pytest.fixture
def table() -> pd.DataFrame:
    return labelled_table(200, seed=3)


def test_the_first_model_that_learns_becomes_champion(tmp_path, table):
    record = promote_run(tmp_path, "run-1", table, quality=0.8)
    assert record["decision"] == "promoted" and record["champion_before"] is None
    pointer = read_champion(str(tmp_path))
    assert pointer["run_id"] == "run-1" and pointer["promoted"] is True
    assert json.loads((tmp_path / "champion.json").read_text())["run_id"] == "run-1"


def test_a_no_signal_run_is_never_promoted_not_even_first(tmp_path, table):
    record = promote_run(tmp_path, "run-1", table, quality=1.0, verdict="no_signal")
    assert record["decision"] == "not_promoted"
    assert "no_signal" in record["evidence"]
    assert read_champion(str(tmp_path)) is None


def test_a_better_run_replaces_a_weak_champion(tmp_path, table):
    store_model(tmp_path, "weak", mean_reader(feature=1), contract_of(table))
    write_champion(str(tmp_path), {"run_id": "weak", "promoted": True})
    record = promote_run(tmp_path, "better", table, quality=0.9)
    assert record["decision"] == "promoted", record["evidence"]
    scores = record["scores"]
    assert scores["challenger"]["balanced_accuracy"] > scores["champion"]["balanced_accuracy"]
    assert record["champion_before"] == "weak" and record["champion_after"] == "better"
    assert read_champion(str(tmp_path))["run_id"] == "better"


def test_a_worse_run_is_kept_out_and_the_pointer_stays(tmp_path, table):
    store_model(tmp_path, "strong", mean_reader(feature=0), contract_of(table))
    write_champion(str(tmp_path), {"run_id": "strong", "promoted": True})
    before = (tmp_path / "champion.json").read_text()
    record = promote_run(tmp_path, "worse", table, quality=0.8)
    assert record["decision"] == "not_promoted"
    assert record["evidence"].startswith("worse than the champion beyond the margin")
    # The champion scores this run's held-out rows through its own model and contract.
    assert record["scores"]["champion"]["balanced_accuracy"] > 0.9
    _, high = record["scores"]["challenger"]["gap_to_champion_ci"]
    assert high < 0
    assert (tmp_path / "champion.json").read_text() == before

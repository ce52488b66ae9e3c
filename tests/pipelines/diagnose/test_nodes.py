"""Fast unit tests of the diagnosis nodes' own logic: the Bonferroni level, the row cap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from seq_pipeline.core.scoring import EvaluateOptions
from seq_pipeline.pipelines.diagnose.chance import bootstrap_intervals
from seq_pipeline.pipelines.diagnose.nodes import _training_rows, bootstrap_test_scores
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions


def tables(baselines: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, np.ndarray]]:
    """Model and baseline prediction tables (baselines in shuffled row order)."""
    rng = np.random.default_rng(0)
    n = 120
    ids = np.array([f"s{i:03d}" for i in range(n)])
    y = rng.integers(0, 2, n)
    split = np.where(np.arange(n) < 40, "train", "test")
    probability = {"model": np.clip(y * 0.4 + rng.random(n) * 0.6, 0, 1)}
    probability |= {name: rng.random(n) for name in baselines}
    model = pd.DataFrame(
        {"sequence_id": ids, "split": split, "y_true": y, "probability": probability["model"]}
    )
    frames = [
        model.assign(probability=probability[name], baseline=name).sample(frac=1, random_state=1)
        for name in baselines
    ]
    test = split == "test"
    return model, pd.concat(frames, ignore_index=True), {k: v[test] for k, v in probability.items()}


@pytest.mark.parametrize(
    ("baselines", "n_tests"),
    [(["majority", "logistic_flat", "summary_gbm"], 3), (["majority"], 1)],
)
def test_interval_level_is_bonferroni_over_model_and_non_majority_baselines(baselines, n_tests):
    model, baseline_rows, test_probability = tables(baselines)
    options = DiagnoseOptions(significance=0.06, n_bootstrap=200)
    out = bootstrap_test_scores(model, baseline_rows, EvaluateOptions(), options, seed=3)
    assert out["level"] == pytest.approx(1 - 0.06 / n_tests)
    assert out["n_bootstrap"] == 200
    expected = bootstrap_intervals(
        y_true=model.loc[model["split"] == "test", "y_true"].to_numpy(),
        predictions=test_probability,
        threshold=0.5,
        n_boot=200,
        level=1 - 0.06 / n_tests,
        reference="model",
        seed=3,
    )
    # Equal intervals also prove each baseline's rows were aligned to the model's by id.
    assert out["scorers"] == expected


def test_intervals_use_the_evaluate_threshold():
    model, baseline_rows, _ = tables(["logistic_flat"])
    low = bootstrap_test_scores(
        model, baseline_rows, EvaluateOptions(threshold=0.0), DiagnoseOptions(), seed=0
    )
    assert low["scorers"]["model"]["balanced_accuracy"] == 0.5  # everything predicted positive


def test_baselines_see_at_most_max_train_rows_all_from_training():
    split = {"train": np.arange(0, 400, 2), "test": np.arange(1, 400, 2)}
    capped = _training_rows(split, cap=50, seed=0)
    assert len(capped) == 50 and len(set(capped)) == 50
    assert set(capped) <= set(split["train"])
    assert np.all(np.diff(capped) > 0)
    assert np.array_equal(capped, _training_rows(split, cap=50, seed=0))
    assert np.array_equal(_training_rows(split, cap=200, seed=0), split["train"])

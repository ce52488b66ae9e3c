"""Evaluate nodes and plots."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from seq_pipeline.core.plots import (
    plot_confusion_matrix,
    plot_learning_curves,
    plot_roc_curve,
)
from seq_pipeline.pipelines.evaluate.nodes import EvaluateOptions, compute_metrics


@pytest.fixture
def predictions() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, size=300)
    probability = np.clip(0.5 + (y - 0.5) * 0.6 + rng.normal(0, 0.2, size=300), 0, 1)
    split = np.repeat(["train", "val", "test"], 100)
    return pd.DataFrame(
        {
            "sequence_id": [f"s{i}" for i in range(300)],
            "split": split,
            "y_true": y,
            "probability": probability,
        }
    )


def test_metrics_are_reported_per_split_at_the_threshold(predictions):
    metrics = compute_metrics(predictions, EvaluateOptions(threshold=0.5))
    assert {"train", "val", "test"} <= set(metrics)
    test = predictions[predictions["split"] == "test"]
    expected_accuracy = ((test["probability"] >= 0.5) == test["y_true"]).mean()
    assert metrics["test"]["accuracy"] == pytest.approx(expected_accuracy)
    assert metrics["test"]["n"] == 100
    strict = compute_metrics(predictions, EvaluateOptions(threshold=0.99))
    assert strict["test"]["recall"] < metrics["test"]["recall"]


def test_threshold_outside_unit_interval_is_refused():
    with pytest.raises(ValueError, match="threshold"):
        EvaluateOptions(threshold=1.5)


def test_plots_are_figures_with_the_expected_content(predictions):
    metrics = compute_metrics(predictions, EvaluateOptions())
    roc = plot_roc_curve(predictions)
    assert isinstance(roc, Figure)
    assert [line.get_label() for line in roc.axes[0].get_lines()] == ["model", "chance"]

    cm = plot_confusion_matrix(metrics)
    texts = sorted(int(t.get_text()) for t in cm.axes[0].texts)
    assert texts == sorted(metrics["test"]["confusion_matrix"].values())

    history = {
        "history": {
            "loss": [0.7, 0.5, 0.4],
            "val_loss": [0.7, 0.6, 0.65],
            "accuracy": [0.5, 0.7, 0.8],
            "val_accuracy": [0.5, 0.6, 0.6],
        },
        "best_epoch": 2,
    }
    curves = plot_learning_curves(history)
    assert len(curves.axes) == 2
    assert list(curves.axes[0].get_lines()[0].get_ydata()) == [0.7, 0.5, 0.4]

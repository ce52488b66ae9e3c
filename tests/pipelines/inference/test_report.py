"""Inference report: counts, metrics with intervals when labelled, and drift from training."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.scoring import EvaluateOptions
from seq_pipeline.core.serving import contract_tensors, labelled_predictions
from seq_pipeline.pipelines.inference.nodes import report_inference
from seq_pipeline.pipelines.inference.options import InferenceOptions
from tests.pipelines.promote.runs import contract_of, labelled_table

OPTIONS = InferenceOptions(drift_permutations=99, n_bootstrap=200)


@pytest.fixture(scope="module")
def training() -> tuple[dict, dict, dict]:
    """Training tensors of 300 sequences, all of them training rows, and their contract."""
    table = labelled_table(300, seed=1)
    contract = contract_of(table)
    tensors, _ = contract_tensors(table, ColumnSpec().model_dump(), contract)
    return tensors, {"train": np.arange(len(tensors["ids"]))}, contract


def report_for(batch_table, training, labelled: bool = True) -> dict:
    tensors_train, split, contract = training
    if not labelled:
        batch_table = batch_table.drop(columns="label")
    tensors, _ = contract_tensors(batch_table, ColumnSpec().model_dump(), contract)
    # A model that reads the mean of `a`, which is what the label says.
    probability = 1 / (
        1
        + np.exp(-20 * np.nanmean(np.where(tensors["mask"], tensors["X"][..., 0], np.nan), axis=1))
    )
    predictions = labelled_predictions(tensors, probability, contract["label_mapping"], 0.5)
    return report_inference(
        predictions, tensors, tensors_train, split, EvaluateOptions(), OPTIONS, "run-x", 3
    )


def test_a_labelled_exchangeable_batch_reports_metrics_with_intervals_and_no_drift(training):
    report = report_for(labelled_table(150, seed=2), training)
    assert report["n_sequences"] == 150 and report["labelled"] is True
    assert report["positive_share"] == report["n_predicted_positive"] / 150
    metrics = report["metrics"]
    low, high = metrics["balanced_accuracy_ci"]
    assert low <= metrics["balanced_accuracy"] <= high and metrics["balanced_accuracy"] > 0.9
    assert report["drift"]["verdict"] == "like_training"
    assert report["drift"]["n_batch"] == 150


def test_an_unlabelled_batch_has_no_metrics_but_a_drift_check(training):
    report = report_for(labelled_table(80, seed=4), training, labelled=False)
    assert report["labelled"] is False and report["metrics"] is None
    assert report["drift"]["verdict"] == "like_training"


def test_a_shifted_batch_is_scored_and_flagged_with_the_features_that_moved(training):
    report = report_for(labelled_table(150, seed=5, shift=1.5), training, labelled=False)
    assert report["n_sequences"] == 150  # scored, not refused
    drift = report["drift"]
    assert drift["verdict"] == "shifted"
    assert {"a", "b"} <= set(drift["moved_features"])
    assert "offset" in drift["moved_features"]["b"]["how"]
    assert drift["summary"].startswith("the batch differs from the training data")


def test_a_batch_too_small_to_test_is_said_so(training):
    report = report_for(labelled_table(3, seed=6), training)
    assert report["drift"]["verdict"] == "not_tested"
    assert "too few" in report["drift"]["summary"]

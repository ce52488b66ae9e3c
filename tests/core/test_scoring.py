"""score_binary: the metrics shared by the model and the baselines."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from seq_pipeline.core.scoring import score_binary, score_by_split


def test_known_values_at_threshold():
    y = np.array([0, 0, 1, 1, 1])
    p = np.array([0.1, 0.6, 0.4, 0.8, 0.9])
    scores = score_binary(y, p, threshold=0.5)
    assert scores["confusion_matrix"] == {"tn": 1, "fp": 1, "fn": 1, "tp": 2}
    assert scores["accuracy"] == pytest.approx(3 / 5)
    assert scores["balanced_accuracy"] == pytest.approx((1 / 2 + 2 / 3) / 2)
    assert scores["roc_auc"] == pytest.approx(5 / 6)
    assert scores["f1"] == pytest.approx(2 / 3)
    assert scores["positive_rate"] == pytest.approx(0.6)


def test_threshold_changes_the_decisions_not_the_ranking_metrics():
    y = np.array([0, 0, 1, 1])
    p = np.array([0.2, 0.4, 0.6, 0.8])
    low, high = score_binary(y, p, 0.3), score_binary(y, p, 0.7)
    assert low["confusion_matrix"]["fp"] == 1
    assert high["confusion_matrix"]["fn"] == 1
    assert low["roc_auc"] == high["roc_auc"] == 1.0


def test_single_class_has_no_auc_instead_of_crashing():
    scores = score_binary(np.zeros(4), np.array([0.1, 0.2, 0.3, 0.9]), 0.5)
    assert scores["roc_auc"] is None
    assert scores["pr_auc"] is None
    assert scores["accuracy"] == 0.75


def test_every_metric_of_a_known_case():
    y = np.array([0, 0, 1, 1, 1])
    p = np.array([0.1, 0.6, 0.4, 0.8, 0.9])
    assert score_binary(y.astype(bool), p.tolist(), threshold=0.5) == {
        "n": 5,
        "positive_rate": pytest.approx(0.6),
        "accuracy": pytest.approx(0.6),
        "balanced_accuracy": pytest.approx((1 / 2 + 2 / 3) / 2),
        "roc_auc": pytest.approx(5 / 6),
        "pr_auc": pytest.approx(1 / 3 + 1 / 3 + 1 / 3 * 3 / 4),  # average precision
        "f1": pytest.approx(2 / 3),
        "precision": pytest.approx(2 / 3),
        "recall": pytest.approx(2 / 3),
        "confusion_matrix": {"tn": 1, "fp": 1, "fn": 1, "tp": 2},
    }


def test_a_probability_equal_to_the_threshold_is_positive():
    scores = score_binary(np.array([0, 1]), np.array([0.2, 0.5]), threshold=0.5)
    assert scores["confusion_matrix"] == {"tn": 1, "fp": 0, "fn": 0, "tp": 1}


def test_all_negative_predictions_give_zero_precision_not_an_error():
    scores = score_binary(np.array([0, 1, 1]), np.array([0.1, 0.2, 0.3]), threshold=0.5)
    assert (scores["precision"], scores["recall"], scores["f1"]) == (0.0, 0.0, 0.0)
    assert scores["confusion_matrix"] == {"tn": 1, "fp": 0, "fn": 2, "tp": 0}


def test_score_by_split_scores_each_named_split_and_skips_unnamed_rows():
    table = pd.DataFrame(
        {
            "split": ["train", "train", "test", "test", "test", ""],
            "y_true": [0, 1, 0, 1, 1, 1],
            "probability": [0.2, 0.7, 0.6, 0.9, 0.1, 0.9],
        }
    )
    scores = score_by_split(table, threshold=0.5)
    assert list(scores) == ["train", "test"]
    assert scores["test"] == score_binary(np.array([0, 1, 1]), np.array([0.6, 0.9, 0.1]), 0.5)
    assert scores["train"]["accuracy"] == 1.0
    assert score_by_split(table, threshold=0.65)["test"]["confusion_matrix"]["fp"] == 0


def test_one_class_and_one_prediction_still_fill_the_confusion_matrix():
    scores = score_binary(np.zeros(3), np.array([0.1, 0.2, 0.3]), 0.5)
    assert scores["confusion_matrix"] == {"tn": 3, "fp": 0, "fn": 0, "tp": 0}
    assert (scores["precision"], scores["recall"], scores["f1"]) == (0.0, 0.0, 0.0)
    assert scores["positive_rate"] == 0.0

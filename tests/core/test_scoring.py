"""score_binary: the metrics shared by the model and the baselines."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.core.scoring import score_binary


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

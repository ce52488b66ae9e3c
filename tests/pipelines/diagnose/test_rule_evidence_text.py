"""The shift and sample-size evidence word for word, and the sample-size fallbacks."""

from __future__ import annotations

import pytest

from seq_pipeline.pipelines.diagnose.chance import sequences_needed
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.diagnose.rules import FORMULA, RANKING_KEPT, sample_size, shift_evidence
from tests.pipelines.diagnose.rule_inputs import OPTIONS, case, scorer

SHIFT = {"summary": "3 of 4 features moved"}


def _metrics(val=None, **test):
    metrics = {
        "threshold": 0.5,
        "test": {
            "roc_auc": 0.9,
            "balanced_accuracy": 0.625,
            "accuracy": 0.75,
            "n": 40,
            "positive_rate": 0.5,
            "confusion_matrix": {"tp": 12, "fn": 8, "tn": 15, "fp": 5},
            **test,
        },
    }
    if val is not None:
        metrics["val"] = val
    return metrics


def test_without_validation_scores_the_evidence_shows_dashes_and_gives_no_advice():
    lines = shift_evidence(SHIFT, _metrics())
    assert lines == [
        "3 of 4 features moved",
        "ranking: test ROC AUC 0.900 (validation —)",
        "at threshold 0.5: test accuracy 0.750, balanced accuracy 0.625 (validation —); "
        "17 of 40 test sequences predicted positive vs 50.0% positive",
    ]


def test_a_threshold_that_no_longer_fits_is_named_with_the_fix():
    lines = shift_evidence(SHIFT, _metrics({"roc_auc": 0.9, "balanced_accuracy": 0.875}))
    assert "balanced accuracy 0.625 (validation 0.875)" in lines[2]
    assert lines[3] == (
        "the model still ranks test sequences about as well as validation ones, but its "
        "threshold no longer fits the shifted data: refit the threshold (or the scaling) "
        "on data like test, or train on data that covers it"
    )


def test_ranking_exactly_at_the_kept_margin_is_not_worse():
    val = {"roc_auc": 0.9, "balanced_accuracy": 0.625}
    auc = val["roc_auc"] - RANKING_KEPT  # the rule's own expression: the boundary exactly
    assert len(shift_evidence(SHIFT, _metrics(val, roc_auc=auc))) == 3


def test_the_size_record_names_its_level_power_and_formula():
    inputs = case()
    size = sample_size(inputs["intervals"], inputs["metrics"], OPTIONS)
    assert size["alpha"] == pytest.approx((1 - 0.975) / 2)
    assert size["power"] == OPTIONS.power
    assert size["formula"] == FORMULA
    assert (
        size["evidence"][0] == "200 test sequences (100 positive, 100 negative): enough to decide"
    )
    assert "at one-sided level 0.0125 (" in size["evidence"][1]


def test_both_reasons_are_joined():
    inputs = case(
        **{
            "intervals.scorers.model": scorer(0.55, 0.3, 0.8),
            "metrics.test.confusion_matrix": {"tp": 3, "fn": 1, "tn": 3, "fp": 1},
        }
    )
    size = sample_size(inputs["intervals"], inputs["metrics"], OPTIONS)
    assert size["evidence"][0] == (
        "8 test sequences (4 positive, 4 negative): the model's interval [0.30, 0.80] covers "
        "chance and is 0.50 wide (limit 0.25) and only 4 test sequences in the smaller class "
        "(need 10)"
    )


def test_a_perfect_score_is_capped_below_one():
    inputs = case(**{"intervals.scorers.model": scorer(1.0, 1.0, 1.0)})
    assert sample_size(inputs["intervals"], inputs["metrics"], OPTIONS)["effect"] == 0.999


def test_the_majority_baseline_never_sets_the_effect():
    inputs = case(**{"intervals.scorers.majority": scorer(0.95, 0.9, 1.0)})
    assert sample_size(inputs["intervals"], inputs["metrics"], OPTIONS)["effect"] == 0.8


def test_an_empty_test_split_falls_back_to_a_balanced_share():
    matrix = {"tp": 0, "fn": 0, "tn": 0, "fp": 0}
    inputs = case(**{"metrics.test.confusion_matrix": matrix})
    size = sample_size(inputs["intervals"], inputs["metrics"], OPTIONS)
    assert size["n_test"] == 0 and size["too_small"] is True
    alpha = (1 - 0.975) / 2
    assert size["n_needed"] == max(sequences_needed(0.8, alpha, OPTIONS.power, 0.5), 20)


def test_the_smaller_class_sets_the_floor_when_positives_are_the_majority():
    # 30 positives, 10 negatives: the minority share is 0.25, so 10 / 0.25 = 40 are needed.
    matrix = {"tp": 30, "fn": 0, "tn": 10, "fp": 0}
    inputs = case(
        **{"metrics.test.confusion_matrix": matrix, "intervals.scorers.model": scorer(1, 1, 1)}
    )
    options = DiagnoseOptions()
    assert sample_size(inputs["intervals"], inputs["metrics"], options)["n_needed"] == 40

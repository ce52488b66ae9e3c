"""Rule thresholds pinned at n−1 / n / n+1: the test-size rule of `inconclusive`, the interval
width and its 0.5 clause, the "still ranks" margin of the shift evidence, and the perfect score.

Each boundary is hit exactly (dyadic numbers, or the threshold computed by the rule's own
expression), so a `<` turned `<=` (or `>` turned `>=`) fails here in the fast subset.
"""

from __future__ import annotations

import pytest

from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.diagnose.rules import RANKING_KEPT, sample_size, shift_evidence
from seq_pipeline.pipelines.diagnose.verdict import decide
from tests.pipelines.diagnose.rule_inputs import OPTIONS, case, scorer

STILL_RANKS = "the model still ranks test sequences about as well as validation ones"
RANKS_WORSE = "the model ranks test sequences worse than validation ones"


def with_class_sizes(positives: int, negatives: int, **changes) -> dict:
    """The learning case with a test split of `positives` + `negatives` sequences."""
    matrix = {"tp": positives - 1, "fn": 1, "tn": negatives - 1, "fp": 1}
    return case(**{"metrics.test.confusion_matrix": matrix, **changes})


@pytest.mark.parametrize(
    ("per_class", "verdict"), [(9, "inconclusive"), (10, "learns"), (11, "learns")]
)
def test_inconclusive_below_min_test_per_class_not_at_it(per_class, verdict):
    assert OPTIONS.min_test_per_class == 10
    assert decide(**with_class_sizes(per_class, 100))["verdict"] == verdict
    # The smaller class counts, whichever it is.
    assert decide(**with_class_sizes(100, per_class))["verdict"] == verdict


@pytest.mark.parametrize(("per_class", "too_small"), [(4, True), (5, False), (6, False)])
def test_the_size_rule_follows_a_configured_minimum(per_class, too_small):
    options = DiagnoseOptions(min_test_per_class=5)
    inputs = with_class_sizes(per_class, per_class, options=options)
    size = sample_size(inputs["intervals"], inputs["metrics"], options)
    assert size["too_small"] is too_small
    assert size["per_class"] == {"positive": per_class, "negative": per_class}
    assert ("only 4 test sequences in the smaller class (need 5)" in size["evidence"][0]) is (
        too_small
    )


def test_the_sequences_needed_are_at_least_the_minimum_per_class_over_the_minority_share():
    # 10 positives of 40: 10 / 0.25 = 40 sequences keep 10 in the smaller class.
    inputs = with_class_sizes(10, 30)
    size = sample_size(inputs["intervals"], inputs["metrics"], OPTIONS)
    assert size["n_test"] == 40
    assert size["n_needed"] >= 40
    # 11 positives of 41: 10 / (11/41) = 37.3, rounded up to 38, not down to 37.
    inputs = with_class_sizes(11, 30, **{"intervals.scorers.model": scorer(0.99, 0.98, 1.0)})
    floor = sample_size(inputs["intervals"], inputs["metrics"], OPTIONS)["n_needed"]
    assert floor == 38


WIDTH = DiagnoseOptions(max_interval_width=0.25)


@pytest.mark.parametrize(
    ("interval", "verdict"),
    [
        ((0.375, 0.625), "model_fails"),  # width 0.25 = the limit: not too wide
        ((0.375, 0.65625), "inconclusive"),  # width 0.28125 covering 0.5
        ((0.5, 0.78125), "inconclusive"),  # the lower end at exactly 0.5 still covers chance
        ((0.5078125, 0.7890625), "learns"),  # just above 0.5: decided, only a warning
    ],
)
def test_a_wide_interval_is_inconclusive_only_when_wider_than_the_limit_and_covering_half(
    interval, verdict
):
    low, high = interval
    inputs = case(**{"intervals.scorers.model": scorer(0.6, low, high), "options": WIDTH})
    out = decide(**inputs)
    assert out["verdict"] == verdict
    too_wide = high - low > 0.25
    assert out["sample_size"]["too_wide"] is too_wide
    warned = any(w.startswith("wide interval on 200 test sequences") for w in out["warnings"])
    assert warned is (verdict == "learns")


def shift_case(test_auc: float, test_ba: float, val_auc: float = 0.75, val_ba: float = 0.75):
    metrics = {
        "threshold": 0.5,
        "test": {
            "n": 100,
            "roc_auc": test_auc,
            "balanced_accuracy": test_ba,
            "accuracy": test_ba,
            "positive_rate": 0.5,
            "confusion_matrix": {"tp": 40, "fn": 10, "tn": 40, "fp": 10},
        },
        "val": {"roc_auc": val_auc, "balanced_accuracy": val_ba},
    }
    return shift_evidence({"summary": "moved"}, metrics)


def test_ranking_kept_when_test_auc_is_exactly_the_margin_below_validation():
    edge = 0.75 - RANKING_KEPT  # the rule's own expression: equality, not a rounding accident
    lines = shift_case(test_auc=edge, test_ba=0.5)
    assert any(line.startswith(STILL_RANKS) for line in lines)
    below = shift_case(test_auc=edge - 1e-9, test_ba=0.5)
    assert any(line.startswith(RANKS_WORSE) for line in below)
    assert not any(line.startswith(STILL_RANKS) for line in below)


def test_a_misfit_threshold_needs_balanced_accuracy_strictly_more_than_the_margin_below():
    edge = 0.75 - RANKING_KEPT
    at = shift_case(test_auc=0.75, test_ba=edge)
    assert not any(line.startswith((STILL_RANKS, RANKS_WORSE)) for line in at)
    under = shift_case(test_auc=0.75, test_ba=edge - 1e-9)
    assert any(line.startswith(STILL_RANKS) for line in under)


def test_shift_evidence_without_validation_scores_says_nothing_about_ranking():
    lines = shift_case(test_auc=0.5, test_ba=0.5, val_auc=None, val_ba=None)
    assert len(lines) == 3
    assert lines[1] == "ranking: test ROC AUC 0.500 (validation —)"


@pytest.mark.parametrize(("ba", "warned"), [(0.998, False), (0.999, True), (1.0, True)])
def test_perfect_score_warning_from_the_threshold_up(ba, warned):
    out = decide(**case(**{"intervals.scorers.model": scorer(ba, 0.9, 1.0)}))
    assert OPTIONS.perfect_score == 0.999
    assert any(w.startswith("suspiciously perfect") for w in out["warnings"]) is warned

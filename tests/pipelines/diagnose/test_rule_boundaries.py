"""Fast unit tests of every verdict rule, its boundary and its evidence, on hand-built inputs.

The rules are pure functions of the diagnosis' intermediate results, so each branch and each
threshold is pinned here without training or fitting anything (`-m "not slow"` guards them).
"""

from __future__ import annotations

import pytest

from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.diagnose.verdict import VERDICTS, decide
from tests.pipelines.diagnose.rule_inputs import OPTIONS, case, no_chance, scorer


def test_learns_with_its_full_evidence():
    out = decide(**case())
    assert out["verdict"] == "learns"
    assert out["meaning"] == VERDICTS["learns"]
    assert out["evidence"] == [
        "model test balanced accuracy 0.800 [0.700, 0.900] (chance 0.5, 97.50% bootstrap interval)",
        "baseline logistic_flat: 0.780 [0.680, 0.880]",
        "permutation test (ridge_flat, 99 shuffles): observed 0.800 vs null 95th percentile "
        "0.580, p = 0.010",
    ]
    assert out["likely_causes"] == []
    assert out["warnings"] == []
    assert out["beats_chance"] == {
        "model": True,
        "majority": False,
        "logistic_flat": True,
        "permutation": True,
    }


def test_beating_chance_needs_the_interval_strictly_above_half():
    out = decide(**case(**{"intervals.scorers.model": scorer(0.6, 0.5, 0.7)}))
    assert out["beats_chance"]["model"] is False
    assert out["verdict"] == "model_fails"


@pytest.mark.parametrize(
    ("exact", "near", "verdict"),
    [(1, 0.0, "leak_suspected"), (0, 0.02, "leak_suspected"), (0, 0.0, "learns")],
)
def test_leak_suspected_on_exact_or_near_duplicates(exact, near, verdict):
    dup = {"n": 100, "exact_duplicates": exact, "near_duplicate_fraction": near}
    out = decide(**case(**{"audit.findings.split_duplicates.test": dup}))
    assert out["verdict"] == verdict
    assert (out["evidence"][0] == "split_duplicates ok") == (verdict == "leak_suspected")


def test_leak_needs_a_share_above_the_tolerance_and_survives_an_empty_test():
    options = DiagnoseOptions(leak_duplicate_fraction=0.01)
    at_limit = {"n": 100, "exact_duplicates": 1, "near_duplicate_fraction": 0.0}
    out = decide(**case(**{"audit.findings.split_duplicates.test": at_limit, "options": options}))
    assert out["verdict"] == "learns"
    empty = {"n": 0, "exact_duplicates": 0, "near_duplicate_fraction": 0.0}
    assert decide(**case(**{"audit.findings.split_duplicates.test": empty}))["verdict"] == "learns"


def test_leak_takes_precedence_over_every_other_verdict():
    dup = {"n": 100, "exact_duplicates": 5, "near_duplicate_fraction": 0.0}
    out = decide(**no_chance(**{"audit.findings.split_duplicates.test": dup}))
    assert out["verdict"] == "leak_suspected"


def test_no_signal_when_no_interval_and_no_permutation_beats_chance():
    out = decide(**no_chance())
    assert out["verdict"] == "no_signal"
    assert out["meaning"] == VERDICTS["no_signal"]
    assert not any(out["beats_chance"].values())
    assert out["likely_causes"] == []  # nothing flagged in this case


def test_a_significant_permutation_test_alone_rules_out_no_signal():
    # Dropping the permutation clause of `no_signal` would say "no signal" here.
    out = decide(**no_chance(**{"permutation.p_value": 0.01}))
    assert out["verdict"] == "model_fails"
    assert out["beats_chance"]["permutation"] is True
    assert out["evidence"][0] == "the model does not beat chance although the data carries signal"


def test_permutation_p_value_equal_to_the_significance_counts_as_beating_chance():
    out = decide(**no_chance(**{"permutation.p_value": OPTIONS.significance}))
    assert out["beats_chance"]["permutation"] is True
    assert out["verdict"] == "model_fails"


def test_one_baseline_beating_chance_rules_out_no_signal():
    lifted = scorer(0.62, 0.55, 0.7, gap=(-0.02, 0.2))
    out = decide(**no_chance(**{"intervals.scorers.logistic_flat": lifted}))
    assert out["verdict"] == "model_fails"


def test_the_majority_baseline_beating_chance_does_not_count_as_signal():
    odd = scorer(0.6, 0.55, 0.65, acc=0.5, gap=(-0.1, 0.1))
    out = decide(**no_chance(**{"intervals.scorers.majority": odd}))
    assert out["verdict"] == "no_signal"


@pytest.mark.parametrize("positive_rate", [0.1, 0.9])
def test_imbalance_when_accuracy_is_at_most_the_majority_rate_plus_margin(positive_rate):
    changes = {
        "audit.findings.label_balance": {"flag": True, "summary": "rare positives"},
        "metrics.test.positive_rate": positive_rate,
        "metrics.test.pr_auc": 0.3,
        "intervals.scorers.model": scorer(0.7, 0.6, 0.8, acc=0.92),
    }
    out = decide(**case(**changes))
    assert out["verdict"] == "imbalance"
    assert out["meaning"] == VERDICTS["imbalance"]
    assert out["evidence"][0] == (
        f"test accuracy 0.920 vs majority rate 0.900; PR AUC 0.300 vs prevalence "
        f"{positive_rate:.3f}"
    )
    assert out["warnings"] == ["rare positives"]
    above = {**changes, "intervals.scorers.model": scorer(0.7, 0.6, 0.8, acc=0.93)}
    assert decide(**case(**above))["verdict"] == "learns"


def test_imbalance_needs_the_label_balance_flag_and_reports_a_missing_pr_auc():
    changes = {
        "metrics.test.positive_rate": 0.1,
        "metrics.test.pr_auc": None,
        "intervals.scorers.model": scorer(0.7, 0.6, 0.8, acc=0.9),
    }
    assert decide(**case(**changes))["verdict"] == "learns"
    flagged = {**changes, "audit.findings.label_balance": {"flag": True, "summary": "rare"}}
    out = decide(**case(**flagged))
    assert out["verdict"] == "imbalance"
    assert "PR AUC nan" in out["evidence"][0]


def test_imbalance_takes_precedence_over_a_better_baseline_whose_line_comes_second():
    changes = {
        "audit.findings.label_balance": {"flag": True, "summary": "rare"},
        "metrics.test.positive_rate": 0.1,
        "metrics.test.pr_auc": 0.3,
        "intervals.scorers.model": scorer(0.6, 0.52, 0.7, acc=0.9),
        "intervals.scorers.logistic_flat": scorer(0.8, 0.7, 0.9, gap=(0.1, 0.3)),
    }
    out = decide(**case(**changes))
    assert out["verdict"] == "imbalance"
    assert out["evidence"][1] == (
        "logistic_flat beats the model by 0.200 balanced accuracy (paired interval [0.100, 0.300])"
    )


def test_model_fails_when_a_baseline_is_clearly_better():
    changes = {
        # The best baseline by score, not by name, is the one reported.
        "intervals.scorers.logistic_flat": scorer(0.95, 0.9, 0.99, gap=(0.05, 0.25)),
        "intervals.scorers.summary_gbm": scorer(0.9, 0.85, 0.95, gap=(0.02, 0.2)),
    }
    out = decide(**case(**changes))
    assert out["verdict"] == "model_fails"
    assert out["meaning"] == VERDICTS["model_fails"]
    assert out["evidence"][0] == (
        "logistic_flat beats the model by 0.150 balanced accuracy (paired interval [0.050, 0.250])"
    )


@pytest.mark.parametrize(
    ("ba", "gap_low", "verdict"),
    [
        (0.875, 0.01, "model_fails"),
        (0.875, 0.0, "learns"),  # the paired interval must exclude zero
        (0.8125, 0.01, "learns"),  # the gap must exceed the margin, not equal it
    ],
)
def test_a_better_baseline_needs_both_the_interval_and_the_margin(ba, gap_low, verdict):
    # Dyadic numbers, so 0.8125 - 0.75 equals the margin 0.0625 exactly.
    changes = {
        "intervals.scorers.model": scorer(0.75, 0.65, 0.85),
        "intervals.scorers.logistic_flat": scorer(ba, ba - 0.1, ba + 0.1, gap=(gap_low, 0.2)),
        "options": DiagnoseOptions(model_fails_margin=0.0625),
    }
    assert decide(**case(**changes))["verdict"] == verdict

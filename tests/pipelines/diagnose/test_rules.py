"""Fast unit tests of every verdict rule, its boundary and its evidence, on hand-built inputs.

The rules are pure functions of the diagnosis' intermediate results, so each branch and each
threshold is pinned here without training or fitting anything (`-m "not slow"` guards them).
"""

from __future__ import annotations

from typing import Any

import pytest

from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.diagnose.verdict import VERDICTS, decide, likely_causes

OPTIONS = DiagnoseOptions()
FINDINGS = (
    "feature_scale",
    "constant_features",
    "missing_steps",
    "label_order",
    "label_balance",
    "split_duplicates",
)


def scorer(ba: float, low: float, high: float, acc: float = 0.8, gap=None) -> dict[str, Any]:
    out = {
        "balanced_accuracy": ba,
        "balanced_accuracy_ci": [low, high],
        "accuracy": acc,
        "accuracy_ci": [acc - 0.05, acc + 0.05],
    }
    if gap is not None:
        out["gap_to_model_ci"] = list(gap)
    return out


def case(**changes: Any) -> dict[str, Any]:
    """Inputs of `decide` for a model that learns; `changes` edits them (dotted paths)."""
    findings = {name: {"flag": False, "summary": f"{name} ok"} for name in FINDINGS}
    findings["split_duplicates"]["test"] = {
        "n": 100,
        "exact_duplicates": 0,
        "near_duplicate_fraction": 0.0,
    }
    inputs = {
        "audit": {"findings": findings},
        "intervals": {
            "level": 0.975,
            "scorers": {
                "model": scorer(0.8, 0.7, 0.9),
                "majority": scorer(0.5, 0.5, 0.5, acc=0.5, gap=(-0.4, -0.2)),
                "logistic_flat": scorer(0.78, 0.68, 0.88, gap=(-0.06, 0.02)),
            },
        },
        "permutation": {
            "scorer": "ridge_flat",
            "n_permutations": 99,
            "observed_balanced_accuracy": 0.8,
            "null_95th_percentile": 0.58,
            "p_value": 0.01,
        },
        "health": {
            "scale_features": True,
            "collapsed": False,
            "probability_std": 0.2,
            "predicted_positive_share": 0.5,
            "loss_fell": True,
            "loss_first": 0.69,
            "loss_min": 0.3,
            "epochs_run": 3,
            "overfitting": False,
            "train_balanced_accuracy": 0.85,
            "val_balanced_accuracy": 0.8,
        },
        "metrics": {"test": {"positive_rate": 0.5, "pr_auc": 0.9}},
        "options": OPTIONS,
    }
    for path, value in changes.items():
        *parents, last = path.split(".")
        target = inputs
        for key in parents:
            target = target[key]
        target[last] = value
    return inputs


def no_chance(**changes: Any) -> dict[str, Any]:
    """Nothing beats chance on its interval and the permutation test is not significant."""
    return case(
        **{
            "intervals.scorers.model": scorer(0.52, 0.45, 0.6),
            "intervals.scorers.logistic_flat": scorer(0.51, 0.44, 0.59, gap=(-0.1, 0.08)),
            "permutation.p_value": 0.4,
            **changes,
        }
    )


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
        "metrics.test": {"positive_rate": positive_rate, "pr_auc": 0.3},
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
        "metrics.test": {"positive_rate": 0.1, "pr_auc": None},
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
        "metrics.test": {"positive_rate": 0.1, "pr_auc": 0.3},
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


def test_warnings_list_flagged_findings_and_a_perfect_score():
    changes = {
        "audit.findings.missing_steps": {"flag": True, "summary": "many gaps"},
        "intervals.scorers.model": scorer(0.999, 0.99, 1.0),
    }
    out = decide(**case(**changes))
    assert out["warnings"] == [
        "many gaps",
        "suspiciously perfect test balanced accuracy 0.999 [0.990, 1.000]",
    ]
    below = {**changes, "intervals.scorers.model": scorer(0.998, 0.99, 1.0)}
    assert decide(**case(**below))["warnings"] == ["many gaps"]


def test_likely_causes_lists_every_failing_check_in_order():
    inputs = case(
        **{
            "audit.findings.feature_scale": {"flag": True, "summary": "scales differ"},
            "audit.findings.constant_features": {"flag": True, "summary": "constant: ['b']"},
            "audit.findings.missing_steps": {"flag": True, "summary": "gaps"},
            "audit.findings.label_order": {"flag": True, "summary": "sorted labels"},
            "health.scale_features": False,
            "health.collapsed": True,
            "health.probability_std": 0.0004,
            "health.predicted_positive_share": 1.0,
            "health.loss_fell": False,
            "health.loss_first": 0.6932,
            "health.loss_min": 0.6931,
            "health.overfitting": True,
            "health.train_balanced_accuracy": 0.99,
            "health.val_balanced_accuracy": 0.6,
        }
    )
    assert likely_causes(inputs["audit"], inputs["health"]) == [
        "scales differ and the model sees raw values: enable scaling "
        "(train_options.scale_features: true)",
        "prediction collapsed to a constant: probability std 0.0004, 100% of test predicted "
        "positive",
        "training loss did not fall: 0.6932 → 0.6931 over 3 epoch(s)",
        "overfitting: train balanced accuracy 0.990 vs validation 0.600",
        "constant: ['b']",
        "gaps",
        "sorted labels",
    ]
    failing = decide(**{**inputs, "intervals": no_chance()["intervals"]})
    assert failing["likely_causes"] == likely_causes(inputs["audit"], inputs["health"])
    assert decide(**inputs)["likely_causes"] == []  # the verdict is "learns": nothing to explain


def test_likely_causes_stay_quiet_when_checks_pass_or_are_unknown():
    inputs = case(
        **{
            "audit.findings.feature_scale": {"flag": True, "summary": "scales differ"},
            "health.loss_fell": None,  # a single epoch: unknown, not a failure
        }
    )
    assert likely_causes(inputs["audit"], inputs["health"]) == []

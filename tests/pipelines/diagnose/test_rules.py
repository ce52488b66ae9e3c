"""Fast unit tests of every verdict rule and of their order, on hand-made evidence.

No data, no training: `pytest -m "not slow"` guards each rule in milliseconds.
"""

from __future__ import annotations

from typing import Any

import pytest

from seq_pipeline.pipelines.diagnose.chance import sequences_needed
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.diagnose.rules import sample_size, shift_evidence
from seq_pipeline.pipelines.diagnose.verdict import VERDICTS, decide

OPTIONS = DiagnoseOptions()


def scorer(ba: float, low: float, high: float, accuracy: float | None = None) -> dict:
    return {
        "balanced_accuracy": ba,
        "balanced_accuracy_ci": [low, high],
        "accuracy": ba if accuracy is None else accuracy,
        "gap_to_model_ci": [-0.1, 0.1],
    }


def split_scores(n: int, positives: int, ba: float, auc: float | None = None) -> dict:
    tp = round(positives * ba)
    tn = round((n - positives) * ba)
    return {
        "n": n,
        "positive_rate": positives / n,
        "accuracy": (tp + tn) / n,
        "balanced_accuracy": ba,
        "roc_auc": auc,
        "pr_auc": None,
        "confusion_matrix": {"tn": tn, "fp": n - positives - tn, "fn": positives - tp, "tp": tp},
    }


def finding(flag: bool = False, summary: str = "ok", **extra: Any) -> dict:
    return {"flag": flag, "summary": summary, **extra}


def evidence(
    *,
    model: tuple = (0.9, 0.85, 0.95),
    baseline: tuple = (0.88, 0.83, 0.93),
    n_test: int = 400,
    positives: int = 200,
    p_value: float = 0.005,
    near_copies: bool = False,
    shift: bool = False,
    imbalanced: bool = False,
) -> dict[str, Any]:
    """Keyword arguments of `decide` for one situation; everything else healthy."""
    dup = {"n": n_test, "exact_duplicates": 0, "near_duplicate_fraction": 0.0}
    found = {
        "split_duplicates": finding(test=dup),
        "near_copies": finding(near_copies, "12 of 60 test sequences (20%) have a near-copy"),
        "distribution_shift": finding(shift, "test distribution differs from train — f0: ..."),
        "label_balance": finding(imbalanced),
        "feature_scale": finding(),
        "constant_features": finding(),
        "missing_steps": finding(),
        "label_order": finding(),
    }
    return {
        "audit": {"findings": found},
        "intervals": {
            "level": 1 - 0.05 / 2,
            "scorers": {
                "model": scorer(*model),
                "majority": scorer(0.5, 0.5, 0.5),
                "logistic_flat": scorer(*baseline),
            },
        },
        "permutation": {
            "p_value": p_value,
            "scorer": "ridge_flat",
            "n_permutations": 99,
            "observed_balanced_accuracy": baseline[0],
            "null_95th_percentile": 0.55,
        },
        "health": {
            "scale_features": True,
            "collapsed": False,
            "loss_fell": True,
            "overfitting": False,
        },
        "metrics": {
            "threshold": 0.5,
            "test": split_scores(n_test, positives, model[0], auc=0.95),
            "val": split_scores(100, 50, 0.9, auc=0.96),
        },
        "options": OPTIONS,
    }


@pytest.mark.parametrize(
    ("situation", "verdict"),
    [
        ({}, "learns"),
        ({"near_copies": True}, "leak_suspected"),
        ({"shift": True}, "shift"),
        ({"n_test": 6, "positives": 3}, "inconclusive"),
        ({"model": (0.5, 0.45, 0.55), "baseline": (0.5, 0.45, 0.55), "p_value": 0.4}, "no_signal"),
        ({"model": (0.5, 0.5, 0.5), "imbalanced": True, "positives": 40}, "imbalance"),
        ({"model": (0.52, 0.47, 0.57)}, "model_fails"),
    ],
)
def test_each_rule_fires_on_its_situation(situation, verdict):
    decision = decide(**evidence(**situation))
    assert decision["verdict"] == verdict
    assert decision["meaning"] == VERDICTS[verdict]


def test_rule_order_leak_then_shift_then_inconclusive_then_no_signal():
    chance = {"model": (0.5, 0.2, 0.8), "baseline": (0.5, 0.2, 0.8), "p_value": 0.4}
    everything = {"near_copies": True, "shift": True, **chance}
    assert decide(**evidence(**everything))["verdict"] == "leak_suspected"
    assert decide(**evidence(**{**everything, "near_copies": False}))["verdict"] == "shift"
    wide = {**chance}  # interval 0.6 wide: too small to call no_signal
    assert decide(**evidence(**wide))["verdict"] == "inconclusive"
    narrow = {**chance, "model": (0.5, 0.45, 0.55), "baseline": (0.5, 0.45, 0.55)}
    assert decide(**evidence(**narrow))["verdict"] == "no_signal"


def test_leak_evidence_leads_with_near_copies():
    decision = decide(**evidence(near_copies=True))
    assert decision["evidence"][0].startswith("12 of 60 test sequences (20%) have a near-copy")


def test_inconclusive_never_model_fails_or_no_signal_on_six_test_sequences():
    for model in [(0.83, 0.5, 1.0), (0.5, 0.0, 1.0), (0.33, 0.0, 0.7), (1.0, 1.0, 1.0)]:
        decision = decide(**evidence(model=model, n_test=6, positives=3))
        assert decision["verdict"] == "inconclusive"
        assert decision["sample_size"]["n_needed"] >= 20  # 10 per class at least
    decision = decide(**evidence(model=(0.83, 0.5, 1.0), n_test=6, positives=3))
    assert decision["evidence"][0].startswith("6 test sequences (3 positive, 3 negative)")
    # Effect: the best observed score (the baseline's 0.88); the formula asks for 14, the
    # floor of 10 per class for 20.
    assert decision["sample_size"]["effect"] == 0.88
    assert "evidence" not in decision["sample_size"]  # its lines lead decision["evidence"]
    assert decision["evidence"][1].startswith(
        "about 20 test sequences are needed to detect a balanced accuracy of 0.88"
    )


def test_sample_size_formula_matches_hand_calculation():
    # p = 0.8, one-sided α = 0.025 (z = 1.960), power 0.8 (z = 0.8416), balanced:
    # n = ((1.960·0.5 + 0.8416·0.4) / 0.3)² = (1.3166 / 0.3)² = 19.26 → 20
    assert sequences_needed(0.8, 0.025, 0.8, 0.5) == 20
    # Imbalance inflates by 1 / (4π(1−π)): π = 0.2 → × 1.5625
    assert sequences_needed(0.8, 0.025, 0.8, 0.2) == 31
    assert sequences_needed(0.6, 0.025, 0.8, 0.5) > sequences_needed(0.7, 0.025, 0.8, 0.5)
    with pytest.raises(ValueError, match="effect"):
        sequences_needed(0.5, 0.025, 0.8, 0.5)


def test_sample_size_bounds_effect_and_clips_the_positive_share():
    # effect 1 is allowed: (1.960 · 0.5 / 0.5)² = 3.84 → 4; above 1 is not a balanced accuracy.
    assert sequences_needed(1.0, 0.025, 0.8, 0.5) == 4
    with pytest.raises(ValueError, match="effect"):
        sequences_needed(1.5, 0.025, 0.8, 0.5)
    # A single-class share is clipped to 0.001 / 0.999 (finite, symmetric), never divides by 0.
    one_class = sequences_needed(0.8, 0.025, 0.8, 1.0)
    assert (
        one_class
        == sequences_needed(0.8, 0.025, 0.8, 0.0)
        == sequences_needed(0.8, 0.025, 0.8, 0.999)
    )
    assert one_class > 1000


def test_large_test_split_is_enough_to_decide():
    size = sample_size(evidence()["intervals"], evidence()["metrics"], OPTIONS)
    assert not size["too_small"]
    assert size["n_test"] == 400


def test_shift_evidence_separates_ranking_from_the_threshold():
    metrics = evidence()["metrics"]
    metrics["test"] = split_scores(400, 200, 0.69, auc=0.94)
    lines = shift_evidence(finding(True, "test distribution differs"), metrics)
    assert lines[1] == "ranking: test ROC AUC 0.940 (validation 0.960)"
    assert lines[2].startswith("at threshold 0.5: test accuracy 0.690, balanced accuracy 0.690")
    assert "threshold no longer fits" in lines[3]
    metrics["test"] = split_scores(400, 200, 0.69, auc=0.7)
    assert "hurts the learned signal" in shift_evidence(finding(True, "x"), metrics)[3]


def test_a_wide_interval_above_chance_learns_with_a_warning():
    decision = decide(
        **evidence(model=(0.85, 0.7, 0.98), baseline=(0.8, 0.6, 0.95), n_test=36, positives=18)
    )
    assert decision["verdict"] == "learns"
    assert not decision["sample_size"]["too_small"] and decision["sample_size"]["too_wide"]
    assert any(w.startswith("wide interval on 36 test sequences") for w in decision["warnings"])

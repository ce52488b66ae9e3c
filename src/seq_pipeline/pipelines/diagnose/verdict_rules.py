"""The verdict rules: one ordered table that `decide`, the HTML report and the docs all read.

Each rule names a verdict, says what it means, why it sits where it does in the order, and
holds the test that fires it. The rules apply in table order; the first whose test fires is
the verdict, because each one makes the rules below it unreadable. A test returns the lines
of evidence that lead the verdict (possibly none), or None when the rule does not fire; a
baseline that beats the model is named right after the model's score unless the lead names it.
`tests/pipelines/diagnose/test_verdict_rules.py` keeps docs/diagnosis.md's table in this order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from seq_pipeline.core.findings import Finding
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.diagnose.rules import shift_evidence


@dataclass(frozen=True)
class Situation:
    """Everything a rule may read, computed once by `decide`."""

    found: dict[str, Any]
    model: dict[str, Any]
    beats: dict[str, bool]
    permutation_beats: bool
    better_line: str | None
    size: dict[str, Any]
    leak: list[str]
    metrics: dict[str, Any]
    options: DiagnoseOptions

    @property
    def majority_rate(self) -> float:
        rate = self.metrics["test"]["positive_rate"]
        return max(rate, 1 - rate)


@dataclass(frozen=True)
class Rule:
    """One verdict: its name, one-line meaning, reason for its place, and its test."""

    verdict: str
    meaning: str
    precedence: str
    fires: Callable[[Situation], list[str] | None]


def _leak(s: Situation) -> list[str] | None:
    return s.leak or None


def _shift(s: Situation) -> list[str] | None:
    shift = s.found.get(Finding.DISTRIBUTION_SHIFT, {})
    return shift_evidence(shift, s.metrics) if shift.get("flag") else None


def _inconclusive(s: Situation) -> list[str] | None:
    return s.size["evidence"] if s.size["too_small"] else None


def _no_signal(s: Situation) -> list[str] | None:
    anything = any(v for name, v in s.beats.items() if name != "majority")
    return None if anything or s.permutation_beats else []


def _imbalance(s: Situation) -> list[str] | None:
    test = s.metrics["test"]
    rare = s.found[Finding.LABEL_BALANCE]["flag"]
    if not rare or s.model["accuracy"] > s.majority_rate + s.options.imbalance_accuracy_margin:
        return None
    line = (
        f"test accuracy {s.model['accuracy']:.3f} vs majority rate {s.majority_rate:.3f}; "
        f"PR AUC {test['pr_auc'] or float('nan'):.3f} vs prevalence {test['positive_rate']:.3f}"
    )
    # A better baseline is the next thing to read: the model may have found signal after all.
    return [line, s.better_line] if s.better_line else [line]


def _model_fails(s: Situation) -> list[str] | None:
    if s.better_line:
        return [s.better_line]
    if not s.beats["model"]:
        return ["the model does not beat chance although the data carries signal"]
    return None


def _learns(s: Situation) -> list[str] | None:
    return []


RULES: tuple[Rule, ...] = (
    Rule(
        "leak_suspected",
        "Test sequences also appear in training, exactly or as near-copies, or one feature "
        "predicts the label on its own: scores are not evidence of generalisation.",
        "If test sequences are (near-)copies of training ones, or a column filled in after the "
        "outcome (or a record number of an export sorted by class) carries the label, every "
        "score below (model, baselines, intervals) is partly memory or shortcut: nothing else "
        "can be read.",
        _leak,
    ),
    Rule(
        "shift",
        "The test split comes from a different distribution than train: scores measure "
        "transfer to shifted data, and a threshold fitted on train may no longer fit.",
        "Found from the data alone, before any model: a failing model may only have a "
        "misplaced threshold, so ranking (ROC AUC) and thresholded accuracy are reported apart. "
        "Above inconclusive: a shift found on a small test split passed its test, and more test "
        "data of the same kind would not remove it.",
        _shift,
    ),
    Rule(
        "inconclusive",
        "The test split is too small for the intervals to tell signal from chance or the model "
        "from the baselines: more test sequences are needed.",
        "no_signal, imbalance and model_fails are statements about intervals; on a test split "
        "this small they would read noise. The evidence says how many test sequences would "
        "decide.",
        _inconclusive,
    ),
    Rule(
        "no_signal",
        "Neither the model nor any baseline beats chance: the labels may not be predictable "
        "from these inputs.",
        "If no scorer (and not the permutation test) finds anything to learn, the model cannot "
        "be blamed, so it is read before imbalance and model_fails.",
        _no_signal,
    ),
    Rule(
        "imbalance",
        "Accuracy is no better than always predicting the majority class: read balanced "
        "accuracy and PR AUC instead.",
        "Accuracy at the majority rate on rare positives is the imbalance talking; a model that "
        "found signal would beat it, so this is read before model_fails.",
        _imbalance,
    ),
    Rule(
        "model_fails",
        "A baseline does clearly better than the model: the data carries signal the training "
        "does not extract.",
        "The model does not beat chance although the data carries signal, or a baseline beats "
        "it significantly and by more than model_fails_margin: only read once the data, the "
        "test size and the class balance are ruled out.",
        _model_fails,
    ),
    Rule(
        "learns",
        "The model beats chance and every baseline is within the margin or below it.",
        "None of the above.",
        _learns,
    ),
)

VERDICTS = {rule.verdict: rule.meaning for rule in RULES}


def first_rule(situation: Situation) -> tuple[Rule, list[str]]:
    """The first rule in table order that fires, and the evidence that leads it."""
    for rule in RULES:
        lead = rule.fires(situation)
        if lead is not None:
            return rule, lead
    raise AssertionError("the last rule always fires")  # pragma: no cover

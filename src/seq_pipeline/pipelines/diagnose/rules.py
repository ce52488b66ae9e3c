"""The evidence behind the data-driven verdicts: leak, shift and a test split too small.

Pure functions of the audit findings, the scores and the options, so that every rule can be
unit-tested on hand-made inputs in milliseconds.
"""

from __future__ import annotations

from typing import Any

from seq_pipeline.core.findings import Finding
from seq_pipeline.pipelines.diagnose.chance import sequences_needed
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions

# Smallest effect the sample size is computed for: a modest real signal. Below it an observed
# score on a small split is indistinguishable from noise and would ask for thousands.
REFERENCE_EFFECT = 0.6
# A test ROC AUC within this of validation's counts as "still ranks as well".
RANKING_KEPT = 0.05

FORMULA = (
    "n = [(z(1−α)·0.5 + z(power)·√(p(1−p))) / (p − 0.5)]² / (4π(1−π)); p = balanced accuracy "
    "to detect, α = one-sided family-wise level, π = test positive share"
)


def leak_evidence(found: dict[str, Any], options: DiagnoseOptions) -> list[str]:
    """Evidence lines when test rows duplicate or nearly copy training rows; [] otherwise."""
    lines = []
    dup = found[Finding.SPLIT_DUPLICATES]["test"]
    dup_share = max(
        dup["exact_duplicates"] / dup["n"] if dup["n"] else 0.0, dup["near_duplicate_fraction"]
    )
    if dup_share > options.leak_duplicate_fraction:
        lines.append(found[Finding.SPLIT_DUPLICATES]["summary"])
    copies = found.get(Finding.NEAR_COPIES, {})
    if copies.get("flag"):
        lines.append(copies["summary"])
    return lines


def shift_evidence(shift: dict[str, Any], metrics: dict[str, Any]) -> list[str]:
    """What moved between train and test, and ranking (ROC AUC) apart from thresholded scores."""
    lines = [shift["summary"]]
    test, val = metrics["test"], metrics.get("val", {})
    auc, val_auc = test.get("roc_auc"), val.get("roc_auc")
    ba, val_ba = test["balanced_accuracy"], val.get("balanced_accuracy")
    ranking = f"ranking: test ROC AUC {_num(auc)} (validation {_num(val_auc)})"
    threshold = (
        f"at threshold {metrics['threshold']:g}: test accuracy {test['accuracy']:.3f}, balanced "
        f"accuracy {ba:.3f} (validation {_num(val_ba)}); "
        f"{test['confusion_matrix']['fp'] + test['confusion_matrix']['tp']} of {test['n']} test "
        f"sequences predicted positive vs {test['positive_rate']:.1%} positive"
    )
    lines += [ranking, threshold]
    if None not in (auc, val_auc, val_ba):
        if auc >= val_auc - RANKING_KEPT and ba < val_ba - RANKING_KEPT:
            lines.append(
                "the model still ranks test sequences about as well as validation ones, but its "
                "threshold no longer fits the shifted data: refit the threshold (or the scaling) "
                "on data like test, or train on data that covers it"
            )
        elif auc < val_auc - RANKING_KEPT:
            lines.append(
                "the model ranks test sequences worse than validation ones: the shift hurts "
                "the learned signal itself, not only the threshold"
            )
    return lines


def sample_size(
    intervals: dict[str, Any], metrics: dict[str, Any], options: DiagnoseOptions
) -> dict[str, Any]:
    """Whether the test split is too small to decide, and how many sequences would do.

    Too small: a class has fewer than `min_test_per_class` test sequences (a bootstrap of a
    handful of rows is degenerate), or the model's interval is wider than
    `max_interval_width` while covering 0.5.

    The effect to detect is the best observed balanced accuracy among the model and the
    non-trivial baselines, at least `REFERENCE_EFFECT`; the level is the
    one-sided tail of the Bonferroni-widened intervals, so "detected" means the same as
    "interval above 0.5".
    """
    scorers = {n: s for n, s in intervals["scorers"].items() if n != "majority"}
    low, high = scorers["model"]["balanced_accuracy_ci"]
    width = float(high - low)
    matrix = metrics["test"]["confusion_matrix"]
    per_class = {
        "positive": matrix["tp"] + matrix["fn"],
        "negative": matrix["tn"] + matrix["fp"],
    }
    n_test = sum(per_class.values())
    share = per_class["positive"] / n_test if n_test else 0.5
    observed = max(s["balanced_accuracy"] for s in scorers.values())
    effect = min(max(observed, REFERENCE_EFFECT), 0.999)
    alpha = (1 - intervals["level"]) / 2
    needed = sequences_needed(effect, alpha, options.power, share)
    minority = min(share, 1 - share) or 0.5
    needed = max(needed, int(-(-options.min_test_per_class // minority)))
    too_wide = width > options.max_interval_width
    too_few = min(per_class.values()) < options.min_test_per_class
    # A wide interval that still clears 0.5 has decided the question that matters (the model
    # beats chance); only one that covers 0.5 leaves `no_signal` vs `model_fails` open.
    undecided = too_wide and low <= 0.5
    reasons = []
    if undecided:
        reasons.append(
            f"the model's interval [{low:.2f}, {high:.2f}] covers chance and is {width:.2f} "
            f"wide (limit {options.max_interval_width:g})"
        )
    if too_few:
        reasons.append(
            f"only {min(per_class.values())} test sequences in the smaller class "
            f"(need {options.min_test_per_class})"
        )
    return {
        "too_small": bool(undecided or too_few),
        "too_wide": bool(too_wide),
        "n_test": n_test,
        "per_class": per_class,
        "interval_width": width,
        "effect": float(effect),
        "alpha": float(alpha),
        "power": options.power,
        "n_needed": needed,
        "formula": FORMULA,
        "evidence": _sample_size_evidence(per_class, reasons, needed, effect, alpha, options),
    }


def _sample_size_evidence(
    per_class: dict[str, int],
    reasons: list[str],
    needed: int,
    effect: float,
    alpha: float,
    options: DiagnoseOptions,
) -> list[str]:
    n_test = sum(per_class.values())
    return [
        f"{n_test} test sequences ({per_class['positive']} positive, "
        f"{per_class['negative']} negative): {' and '.join(reasons) or 'enough to decide'}",
        f"about {needed} test sequences are needed to detect a balanced accuracy of "
        f"{effect:.2f} vs chance with {options.power:.0%} power at one-sided level "
        f"{alpha:.4f} ({FORMULA})",
    ]


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"

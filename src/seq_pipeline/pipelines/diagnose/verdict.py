"""One verdict from a fixed vocabulary, with the evidence that led to it.

Precedence: leak_suspected > no_signal > imbalance > model_fails > learns. Chance is judged
on test balanced accuracy (0.5 whatever the class balance) with bootstrap intervals.
"""

from __future__ import annotations

from typing import Any

from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions

VERDICTS = {
    "leak_suspected": "Test sequences also appear in training: scores are "
    "not evidence of generalisation.",
    "no_signal": "Neither the model nor any baseline beats chance: the labels may not be "
    "predictable from these inputs.",
    "imbalance": "Accuracy is no better than always predicting the majority class: read "
    "balanced accuracy and PR AUC instead.",
    "model_fails": "A baseline does clearly better than the model: the data carries signal "
    "the training does not extract.",
    "learns": "The model beats chance and every baseline is within the margin or below it.",
}


def _fmt(scorer: dict[str, Any]) -> str:
    low, high = scorer["balanced_accuracy_ci"]
    return f"{scorer['balanced_accuracy']:.3f} [{low:.3f}, {high:.3f}]"


def likely_causes(audit: dict, health: dict[str, Any]) -> list[str]:
    """Findings that explain a failing model, most actionable first."""
    found = audit["findings"]
    causes = []
    scale = found["feature_scale"]
    if scale["flag"] and not health["scale_features"]:
        causes.append(
            f"{scale['summary']} and the model sees raw values: enable scaling "
            "(train_options.scale_features: true)"
        )
    if health["collapsed"]:
        causes.append(
            f"prediction collapsed to a constant: probability std {health['probability_std']:.2g}, "
            f"{health['predicted_positive_share']:.0%} of test predicted positive"
        )
    if health["loss_fell"] is False:
        causes.append(
            f"training loss did not fall: {health['loss_first']:.4f} → {health['loss_min']:.4f} "
            f"over {health['epochs_run']} epoch(s)"
        )
    if health["overfitting"]:
        causes.append(
            f"overfitting: train balanced accuracy {health['train_balanced_accuracy']:.3f} vs "
            f"validation {health['val_balanced_accuracy']:.3f}"
        )
    for name in ("constant_features", "missing_steps", "label_order"):
        if found[name]["flag"]:
            causes.append(found[name]["summary"])
    return causes


def decide(
    *,
    audit: dict[str, Any],
    intervals: dict[str, Any],
    permutation: dict[str, Any],
    health: dict[str, Any],
    metrics: dict[str, Any],
    options: DiagnoseOptions,
) -> dict[str, Any]:
    """Apply the verdict rules in precedence order; return verdict, evidence and causes."""
    scorers = intervals["scorers"]
    model = scorers["model"]
    found = audit["findings"]
    beats = {name: s["balanced_accuracy_ci"][0] > 0.5 for name, s in scorers.items()}
    permutation_beats = permutation["p_value"] <= options.significance
    baselines = {n: s for n, s in scorers.items() if n not in ("model", "majority")}
    better = {
        n: s
        for n, s in baselines.items()
        if s["gap_to_model_ci"][0] > 0
        and s["balanced_accuracy"] - model["balanced_accuracy"] > options.model_fails_margin
    }
    evidence = [
        f"model test balanced accuracy {_fmt(model)} (chance 0.5, "
        f"{intervals['level']:.2%} bootstrap interval)"
    ]
    evidence += [f"baseline {n}: {_fmt(s)}" for n, s in baselines.items()]
    evidence.append(
        f"permutation test ({permutation['scorer']}, {permutation['n_permutations']} shuffles): "
        f"observed {permutation['observed_balanced_accuracy']:.3f} vs null 95th percentile "
        f"{permutation['null_95th_percentile']:.3f}, p = {permutation['p_value']:.3f}"
    )
    warnings = [f["summary"] for f in found.values() if f["flag"]]
    if model["balanced_accuracy"] >= options.perfect_score:
        warnings.append(f"suspiciously perfect test balanced accuracy {_fmt(model)}")

    dup = found["split_duplicates"]["test"]
    dup_share = max(
        dup["exact_duplicates"] / dup["n"] if dup["n"] else 0.0, dup["near_duplicate_fraction"]
    )
    test_rate = metrics["test"]["positive_rate"]
    majority_rate = max(test_rate, 1 - test_rate)
    # Shared groups cannot reach here: the split stage refuses them.
    if dup_share > options.leak_duplicate_fraction:
        verdict = "leak_suspected"
        evidence.insert(0, found["split_duplicates"]["summary"])
    elif not any(v for n, v in beats.items() if n != "majority") and not permutation_beats:
        verdict = "no_signal"
    elif found["label_balance"]["flag"] and (
        model["accuracy"] <= majority_rate + options.imbalance_accuracy_margin
    ):
        verdict = "imbalance"
        evidence.insert(
            0,
            f"test accuracy {model['accuracy']:.3f} vs majority rate "
            f"{majority_rate:.3f}; PR AUC {metrics['test']['pr_auc'] or float('nan'):.3f} vs "
            f"prevalence {test_rate:.3f}",
        )
    elif not beats["model"] or better:
        verdict = "model_fails"
    else:
        verdict = "learns"
    if better:
        best = max(better, key=lambda n: better[n]["balanced_accuracy"])
        low, high = better[best]["gap_to_model_ci"]
        gap = better[best]["balanced_accuracy"] - model["balanced_accuracy"]
        line = f"{best} beats the model by {gap:.3f} balanced accuracy"
        line += f" (paired interval [{low:.3f}, {high:.3f}])"
        evidence.insert(0 if verdict == "model_fails" else 1, line)
    elif verdict == "model_fails":
        evidence.insert(0, "the model does not beat chance although the data carries signal")
    return {
        "verdict": verdict,
        "meaning": VERDICTS[verdict],
        "evidence": evidence,
        "likely_causes": likely_causes(audit, health) if verdict != "learns" else [],
        "warnings": warnings,
        "beats_chance": {**beats, "permutation": permutation_beats},
    }

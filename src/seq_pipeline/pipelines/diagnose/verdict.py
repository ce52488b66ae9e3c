"""One verdict from a fixed vocabulary, with the evidence that led to it.

Chance is judged on test balanced accuracy (0.5 whatever the class balance) with bootstrap
intervals, Bonferroni-widened over the scorers. The rules apply in this order, each one only
when every rule above it did not fire, because each one makes the rules below it unreadable:

1. `leak_suspected` — test sequences duplicate or nearly copy training ones. Every score below
   (model, baselines, intervals) is then partly memory, so nothing else can be trusted.
2. `shift` — a test split the user gave comes from another distribution than train (found from
   the data alone, before any model). Scores then measure transfer to the shifted test set;
   a failing model may only have a misplaced threshold, so the ranking (ROC AUC) and the
   thresholded accuracy are reported apart. Above `inconclusive`: a shift found on a small
   test split is real (the test was significant), and more test data will not remove it.
3. `inconclusive` — the test split is too small for the intervals to decide: a class has
   fewer than `min_test_per_class` test sequences, or the model's interval covers 0.5 and is
   wider than `max_interval_width` (a wide interval above 0.5 has decided, and only warns).
   `no_signal`, `imbalance` and `model_fails` are all statements about intervals; on a split
   this small they would read noise. The evidence gives the number of test sequences needed
   (`chance.sequences_needed`).
4. `no_signal` — neither the model nor any baseline beats chance, and the permutation test
   agrees: no scorer finds anything to learn, so the model cannot be blamed.
5. `imbalance` — the minority class is rare and accuracy is no better than the majority rate:
   a model that found signal would beat it, so this is read before `model_fails`.
6. `model_fails` — the model does not beat chance although the data carries signal, or a
   baseline beats it significantly and by more than `model_fails_margin`.
7. `learns` — none of the above.
"""

from __future__ import annotations

from typing import Any

from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.diagnose.rules import leak_evidence, sample_size, shift_evidence

VERDICTS = {
    "leak_suspected": "Test sequences also appear in training, exactly or as near-copies: "
    "scores are not evidence of generalisation.",
    "shift": "The test split comes from a different distribution than train: scores measure "
    "transfer to shifted data, and a threshold fitted on train may no longer fit.",
    "inconclusive": "The test split is too small for the intervals to tell signal from chance "
    "or the model from the baselines: more test sequences are needed.",
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
    if health.get("loss_diverged"):  # first: it explains every other symptom
        loss = health["loss_max"]
        causes.append(
            f"training diverged: the training loss reached "
            f"{f'{loss:.3g}' if isinstance(loss, float) else loss} "
            f"(learning_rate={health['learning_rate']}, "
            f"gradient_clip_norm={health['gradient_clip_norm']}); lower "
            "train_options.learning_rate (default 0.001) or set "
            "train_options.gradient_clip_norm (e.g. 1.0)"
        )
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

    size = sample_size(intervals, metrics, options)
    if size["too_wide"] and not size["too_small"]:
        warnings.append(
            f"wide interval on {size['n_test']} test sequences: the model beats chance, but "
            f"differences to the baselines below {size['interval_width']:.2f} are not resolved"
        )
    leak = leak_evidence(found, options)
    test_rate = metrics["test"]["positive_rate"]
    majority_rate = max(test_rate, 1 - test_rate)
    lead: list[str] = []  # the evidence that names the verdict comes first
    # Shared groups cannot reach here: the split stage refuses them.
    if leak:
        verdict, lead = "leak_suspected", leak
    elif found.get("distribution_shift", {}).get("flag"):
        verdict, lead = "shift", shift_evidence(found["distribution_shift"], metrics)
    elif size["too_small"]:
        verdict, lead = "inconclusive", size["evidence"]
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
    evidence = lead + evidence
    return {
        "verdict": verdict,
        "meaning": VERDICTS[verdict],
        "evidence": evidence,
        "likely_causes": likely_causes(audit, health) if verdict != "learns" else [],
        "warnings": warnings,
        "beats_chance": {**beats, "permutation": permutation_beats},
        "sample_size": {k: v for k, v in size.items() if k != "evidence"},
    }

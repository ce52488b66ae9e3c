"""One verdict from a fixed vocabulary, with the evidence that led to it.

Chance is judged on test balanced accuracy (0.5 whatever the class balance) with bootstrap
intervals, Bonferroni-widened over the scorers. The rules, their order and the reasons for it
live in one table, `verdict_rules.RULES`; this module gathers what they read and adds the
evidence every verdict shares.
"""

from __future__ import annotations

from typing import Any

from seq_pipeline.core.findings import Finding
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.diagnose.rules import leak_evidence, sample_size
from seq_pipeline.pipelines.diagnose.shortcuts import learned_the_length, shortcut_leak_evidence
from seq_pipeline.pipelines.diagnose.verdict_rules import VERDICTS, Situation, first_rule

__all__ = ["VERDICTS", "decide", "likely_causes"]


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
    scale = found[Finding.FEATURE_SCALE]
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
    for name in (Finding.CONSTANT_FEATURES, Finding.MISSING_STEPS, Finding.LABEL_ORDER):
        if found[name]["flag"]:
            causes.append(found[name]["summary"])
    return causes


def _better_line(better: dict[str, dict[str, Any]], model: dict[str, Any]) -> str | None:
    """The baseline that beats the model by most, with its paired interval; None if none does."""
    if not better:
        return None
    best = max(better, key=lambda n: better[n]["balanced_accuracy"])
    low, high = better[best]["gap_to_model_ci"]
    gap = better[best]["balanced_accuracy"] - model["balanced_accuracy"]
    return (
        f"{best} beats the model by {gap:.3f} balanced accuracy"
        f" (paired interval [{low:.3f}, {high:.3f}])"
    )


def decide(
    *,
    audit: dict[str, Any],
    intervals: dict[str, Any],
    permutation: dict[str, Any],
    health: dict[str, Any],
    metrics: dict[str, Any],
    options: DiagnoseOptions,
) -> dict[str, Any]:
    """Apply the verdict rules in table order; return verdict, evidence and causes."""
    scorers = intervals["scorers"]
    model = scorers["model"]
    found = audit["findings"]
    beats = {name: s["balanced_accuracy_ci"][0] > 0.5 for name, s in scorers.items()}
    baselines = {n: s for n, s in scorers.items() if n not in ("model", "majority")}
    better = {
        n: s
        for n, s in baselines.items()
        if s["gap_to_model_ci"][0] > 0
        and s["balanced_accuracy"] - model["balanced_accuracy"] > options.model_fails_margin
    }
    # Shared groups cannot reach here: the split stage refuses them.
    situation = Situation(
        found=found,
        model=model,
        beats=beats,
        permutation_beats=permutation["p_value"] <= options.significance,
        better_line=_better_line(better, model),
        size=sample_size(intervals, metrics, options),
        leak=leak_evidence(found, options) + shortcut_leak_evidence(found, model),
        metrics=metrics,
        options=options,
    )
    rule, lead = first_rule(situation)
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
    if situation.better_line and situation.better_line not in lead:
        evidence.insert(1, situation.better_line)  # right after the model's own score
    length = learned_the_length(found, model, options.shortcut_margin)
    evidence[1:1] = length
    return {
        "verdict": rule.verdict,
        "meaning": rule.meaning,
        "evidence": lead + evidence,
        "likely_causes": likely_causes(audit, health) if rule.verdict != "learns" else [],
        "warnings": warnings(found, model, situation.size, options, health) + length,
        "notes": notes(found, health),
        "beats_chance": {**beats, "permutation": situation.permutation_beats},
        "sample_size": {k: v for k, v in situation.size.items() if k != "evidence"},
    }


def _is_note(name: str, health: dict[str, Any]) -> bool:
    """A flagged finding that does not apply to this run: scale differences when the model
    standardizes its inputs (`scale_features`)."""
    return name == "feature_scale" and bool(health.get("scale_features"))


def notes(found: dict[str, Any], health: dict[str, Any]) -> list[str]:
    """Flagged findings that do not apply to this run, each saying why."""
    return [
        f"{f['summary']}: harmless here, the model standardizes every feature with "
        "training-set statistics (train_options.scale_features: true)"
        for name, f in found.items()
        if f["flag"] and _is_note(name, health)
    ]


def warnings(
    found: dict[str, Any],
    model: dict[str, Any],
    size: dict[str, Any],
    options: DiagnoseOptions,
    health: dict[str, Any],
) -> list[str]:
    """Flagged data findings and score oddities worth a look whatever the verdict."""
    lines = [f["summary"] for name, f in found.items() if f["flag"] and not _is_note(name, health)]
    if model["balanced_accuracy"] >= options.perfect_score:
        lines.append(f"suspiciously perfect test balanced accuracy {_fmt(model)}")
    if size["too_wide"] and not size["too_small"]:
        lines.append(
            f"wide interval on {size['n_test']} test sequences: the model beats chance, but "
            f"differences to the baselines below {size['interval_width']:.2f} are not resolved"
        )
    return lines

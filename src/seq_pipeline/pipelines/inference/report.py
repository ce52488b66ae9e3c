"""What an inference run reports: counts, metrics with intervals, and drift from training.

Drift compares the new batch with the training sequences of the model's run on capped
samples, both standardized with the training sample's statistics, using the audit's shift
test (`core.shift`). The batch is always scored; `shifted` flags it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from seq_pipeline.core.intervals import bootstrap_intervals
from seq_pipeline.core.preprocessing import fit_scaling_stats, standardize
from seq_pipeline.core.scoring import score_binary
from seq_pipeline.core.shift import N_FOLDS, sample_rows, two_sample_shift
from seq_pipeline.pipelines.inference.options import InferenceOptions

LIKE_TRAINING, SHIFTED, NOT_TESTED = "like_training", "shifted", "not_tested"
MODEL = "model"


def drift_check(
    batch: dict[str, np.ndarray],
    training: dict[str, np.ndarray],
    train_rows: np.ndarray,
    options: InferenceOptions,
    seed: int,
) -> dict[str, Any]:
    """`like_training` or `shifted` (with the features that moved), on bounded samples."""
    rng = np.random.default_rng(seed)
    reference = sample_rows(np.asarray(train_rows), options.drift_max_rows, rng)
    new = sample_rows(np.arange(len(batch["ids"])), options.drift_max_rows, rng)
    sizes = {"n_training": len(reference), "n_batch": len(new)}
    if min(sizes.values()) < N_FOLDS:
        why = f"too few sequences to test ({sizes['n_batch']} in the batch, need {N_FOLDS})"
        return {"verdict": NOT_TESTED, "summary": why, **sizes}
    stats = fit_scaling_stats(training, reference)
    z_reference = standardize(
        training["X"][reference], training["mask"][reference], stats["mean"], stats["std"]
    )
    z_new = standardize(batch["X"][new], batch["mask"][new], stats["mean"], stats["std"])
    shift = two_sample_shift(
        z_reference,
        z_new,
        [str(n) for n in training["feature_names"]],
        significance=options.drift_significance,
        auc_min=options.drift_auc_min,
        n_permutations=options.drift_permutations,
        rng=rng,
    )
    verdict = SHIFTED if shift["flag"] else LIKE_TRAINING
    domain = shift["domain_classifier"]
    auc = f"batch-vs-training ROC AUC {domain['roc_auc']:.2f} (p = {domain['p_value']:.3f})"
    if verdict == SHIFTED:
        moved = "; ".join(f"{n}: {m['how']}" for n, m in shift["moved_features"].items())
        summary = f"the batch differs from the training data — {moved}; {auc}"
    else:
        summary = f"no drift that matters: {auc}"
    return {"verdict": verdict, "summary": summary, **sizes, **shift}


def batch_metrics(
    y: np.ndarray, probability: np.ndarray, threshold: float, options: InferenceOptions, seed: int
) -> dict[str, Any] | None:
    """Metrics of a labelled batch with bootstrap intervals; None when it has no labels."""
    if len(y) == 0 or (np.asarray(y) < 0).any():
        return None
    intervals = bootstrap_intervals(
        y_true=y,
        predictions={MODEL: probability},
        threshold=threshold,
        n_boot=options.n_bootstrap,
        level=options.level,
        reference=MODEL,
        seed=seed,
    )[MODEL]
    return {**score_binary(y, probability, threshold), **intervals, "level": options.level}


def summary_lines(report: dict[str, Any]) -> list[str]:
    """The log lines that end an inference run."""
    lines = [
        f"Scored {report['n_sequences']} sequences with run {report['run_id']}'s model: "
        f"{report['n_predicted_positive']} predicted positive "
        f"({report['positive_share']:.1%}, threshold {report['threshold']})",
        f"Predictions: dataset `{report['predictions']}` of run {report['run_id']}",
    ]
    metrics = report["metrics"]
    if metrics is not None:
        low, high = metrics["balanced_accuracy_ci"]
        lines.append(
            f"Labelled batch: balanced accuracy {metrics['balanced_accuracy']:.3f} "
            f"[{low:.3f}, {high:.3f}], accuracy {metrics['accuracy']:.3f}"
        )
    drift = report["drift"]
    lines.append(f"Drift: {drift['verdict']} — {drift['summary']}")
    return lines

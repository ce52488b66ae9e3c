"""Diagnose: why is the model where it is? Data checks, baselines, chance level, one verdict.

Heavy logic lives in sibling modules (`baselines`, `chance`, `verdict`, `report`); the data
checks come from the `audit` stage's `data_audit`. The nodes here wire them to the catalog.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import numpy as np
import pandas as pd

from seq_pipeline.core.findings import Finding
from seq_pipeline.core.plots import plot_learning_curves, plot_roc_curve
from seq_pipeline.core.preprocessing import flat_features, scaler_standardize, summary_features
from seq_pipeline.core.scoring import EvaluateOptions, score_by_split
from seq_pipeline.core.splits import split_names
from seq_pipeline.pipelines.diagnose.baselines import baseline_probabilities
from seq_pipeline.pipelines.diagnose.chance import bootstrap_intervals, permutation_null
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.diagnose.provenance import provenance_section
from seq_pipeline.pipelines.diagnose.report import (
    model_section,
    plot_model_vs_baselines,
    plot_permutation_null,
    plot_probability_spread,
    render_html,
)
from seq_pipeline.pipelines.diagnose.shortcuts import shortcut_details
from seq_pipeline.pipelines.diagnose.verdict import decide
from seq_pipeline.training.predict import prediction_table

logger = logging.getLogger(__name__)

# A training loss above this has diverged: binary cross-entropy on Keras' clipped
# probabilities stays below -ln(1e-7) ≈ 16 per sequence, times at most a class weight.
DIVERGED_LOSS = 1000.0


def _training_rows(split: dict[str, np.ndarray], cap: int, seed: int) -> np.ndarray:
    """Training indices, subsampled to at most `cap` to bound the baselines' cost."""
    train = split["train"]
    if len(train) <= cap:
        return train
    return np.sort(np.random.default_rng(seed).choice(train, cap, replace=False))


def fit_baselines(
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    scaler: dict[str, Any],
    options: DiagnoseOptions,
    seed: int,
) -> pd.DataFrame:
    """Probabilities of every baseline for every sequence, fitted on the model's train rows."""
    train = _training_rows(split, options.max_train_rows, seed)
    probabilities = baseline_probabilities(sequences, train, scaler, options.baselines, seed)
    names = split_names(len(sequences["y"]), split)
    frames = [
        prediction_table(sequences, p, names).assign(baseline=name)
        for name, p in probabilities.items()
    ]
    return pd.concat(frames, ignore_index=True)


def score_baselines(baseline_predictions: pd.DataFrame, options: EvaluateOptions) -> dict:
    """Each baseline's metrics per split: the model's `score_binary` and threshold."""
    scores: dict[str, Any] = {"threshold": options.threshold}
    for name, rows in baseline_predictions.groupby("baseline", sort=False):
        scores[name] = score_by_split(rows, options.threshold)
    return scores


def bootstrap_test_scores(
    predictions: pd.DataFrame,
    baseline_predictions: pd.DataFrame,
    evaluate_options: EvaluateOptions,
    options: DiagnoseOptions,
    seed: int,
) -> dict[str, Any]:
    """Bootstrap CIs of test balanced accuracy for the model and each baseline (Bonferroni)."""
    test = predictions[predictions["split"] == "test"]
    scored = {"model": test["probability"].to_numpy()}
    base_test = baseline_predictions[baseline_predictions["split"] == "test"]
    for name, rows in base_test.groupby("baseline", sort=False):
        scored[name] = rows.set_index("sequence_id").loc[test["sequence_id"], "probability"]
    n_tests = max(1, sum(name != "majority" for name in scored))
    level = 1 - options.significance / n_tests
    intervals = bootstrap_intervals(
        y_true=test["y_true"].to_numpy(),
        predictions={k: np.asarray(v) for k, v in scored.items()},
        threshold=evaluate_options.threshold,
        n_boot=options.n_bootstrap,
        level=level,
        reference="model",
        seed=seed,
    )
    return {"level": level, "n_bootstrap": options.n_bootstrap, "scorers": intervals}


def run_permutation_test(
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    scaler: dict[str, Any],
    options: DiagnoseOptions,
    seed: int,
) -> dict[str, Any]:
    """Chance level of a cheap ridge baseline: its test score under shuffled training labels."""
    z = scaler_standardize(sequences, scaler)
    flat = flat_features(z, sequences["mask"])
    if flat.shape[1] > options.permutation_max_features:
        flat = np.nan_to_num(summary_features(z))
    train = _training_rows(split, options.max_train_rows, seed)
    test = split["test"]
    result = permutation_null(
        train_features=flat[train],
        y_train=sequences["y"][train],
        test_features=flat[test],
        y_test=sequences["y"][test],
        n_permutations=options.n_permutations,
        ridge=options.ridge,
        seed=seed,
    )
    logger.info(
        "Permutation test (ridge, %d shuffles): observed %.3f, null 95th pct %.3f, p=%.3f",
        options.n_permutations,
        result["observed_balanced_accuracy"],
        result["null_95th_percentile"],
        result["p_value"],
    )
    return result


def check_training_health(
    training_history: dict[str, Any],
    predictions: pd.DataFrame,
    metrics: dict[str, Any],
    options: DiagnoseOptions,
) -> dict[str, Any]:
    """Did the loss fall, did predictions collapse, how far apart are train and validation?"""
    loss = training_history["history"]["loss"]
    drop = (loss[0] - min(loss)) / loss[0] if loss and loss[0] > 0 else 0.0
    test = predictions.loc[predictions["split"] == "test", "probability"].to_numpy()
    positive_share = float(np.mean(test >= metrics["threshold"])) if len(test) else 0.0
    spread = float(np.std(test)) if len(test) else 0.0
    train_ba = metrics.get("train", {}).get("balanced_accuracy", float("nan"))
    val_ba = metrics.get("val", {}).get("balanced_accuracy", float("nan"))
    gap = float(train_ba - val_ba)
    options_used = training_history.get("options", {})
    loss_max = max(loss, key=lambda v: v if math.isfinite(v) else math.inf) if loss else None
    return {
        "scale_features": bool(options_used.get("scale_features", True)),
        "epochs_run": training_history.get("epochs_run", len(loss)),
        "loss_first": float(loss[0]) if loss else None,
        "loss_min": float(min(loss)) if loss else None,
        "loss_drop": float(drop),
        "loss_fell": bool(drop >= options.loss_drop_min) if len(loss) > 1 else None,
        "probability_std": spread,
        "probability_range": [float(test.min()), float(test.max())] if len(test) else None,
        "predicted_positive_share": positive_share,
        "collapsed": bool(spread < options.collapse_std or positive_share in (0.0, 1.0)),
        "train_balanced_accuracy": float(train_ba),
        "val_balanced_accuracy": float(val_ba),
        "train_val_gap": gap,
        "overfitting": bool(gap > options.overfit_gap),
        # Non-finite or exploding loss: the learning rate and clipping are the usual cause.
        # As text when not finite: a bare NaN would make the JSON invalid.
        "loss_max": None if loss_max is None else _json_number(loss_max),
        "loss_diverged": bool(loss_max is not None and not loss_max <= DIVERGED_LOSS),
        "learning_rate": options_used.get("learning_rate"),
        "gradient_clip_norm": options_used.get("gradient_clip_norm"),
    }


def _json_number(value: float) -> float | str:
    """`value` as a float, or as text ("nan", "inf") where JSON has no number for it."""
    return float(value) if math.isfinite(value) else str(value)


def decide_verdict(
    *,
    data_audit: dict[str, Any],
    metrics: dict[str, Any],
    baseline_scores: dict[str, Any],
    score_intervals: dict[str, Any],
    permutation_test: dict[str, Any],
    training_health: dict[str, Any],
    options: DiagnoseOptions,
) -> dict[str, Any]:
    """The verdict with its evidence, model-vs-baseline test scores and every check's result."""
    decision = decide(
        audit=data_audit,
        intervals=score_intervals,
        permutation=permutation_test,
        health=training_health,
        metrics=metrics,
        options=options,
    )
    tests = {"model": metrics["test"]} | {
        name: scores["test"] for name, scores in baseline_scores.items() if name != "threshold"
    }
    comparison = {
        name: {**tests[name], **{k: v for k, v in interval.items() if k.endswith("_ci")}}
        for name, interval in score_intervals["scorers"].items()
    }
    logger.info("Verdict: %s — %s", decision["verdict"], decision["evidence"][0])
    return {
        **decision,
        "comparison": comparison,
        "chance": {**permutation_test, "interval_level": score_intervals["level"]},
        "training_health": training_health,
        "data_audit": {
            n: {"flag": f["flag"], "summary": f["summary"]}
            for n, f in data_audit["findings"].items()
        },
        # The two data checks a verdict can name, in full, for the report.
        "near_copies": data_audit["findings"].get(Finding.NEAR_COPIES, {}),
        "shift": data_audit["findings"].get(Finding.DISTRIBUTION_SHIFT, {}),
        "shortcuts": shortcut_details(data_audit["findings"]),
        "threshold": metrics["threshold"],
        "options": options.model_dump(),
    }


def render_diagnosis_report(
    diagnosis: dict[str, Any],
    predictions: pd.DataFrame,
    training_history: dict[str, Any],
    run_manifest: dict[str, Any] | None = None,
) -> str:
    """Self-contained HTML report of the diagnosis, figures embedded as PNG, headed by what
    it is about (run, input and sha256, date, versions, options)."""
    figures = {
        "model vs baselines": plot_model_vs_baselines(diagnosis),
        "permutation null": plot_permutation_null(diagnosis),
        "probability spread": plot_probability_spread(predictions),
        "ROC curve": plot_roc_curve(predictions),
        "learning curves": plot_learning_curves(training_history),
    }
    return render_html(
        diagnosis,
        figures,
        model_section(training_history),
        provenance_html=provenance_section(run_manifest),
    )

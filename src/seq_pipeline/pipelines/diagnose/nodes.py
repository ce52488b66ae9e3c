"""Diagnose: why is the model where it is? Data checks, baselines, chance level, one verdict.

Heavy logic lives in sibling modules (`checks`, `baselines`, `chance`, `verdict`, `report`);
the nodes here wire it to catalog datasets and parameters.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from seq_pipeline.metrics import score_binary
from seq_pipeline.pipelines.diagnose import checks
from seq_pipeline.pipelines.diagnose.baselines import (
    baseline_probabilities,
    flat_features,
    standardized,
    summary_features,
)
from seq_pipeline.pipelines.diagnose.chance import bootstrap_intervals, permutation_null
from seq_pipeline.pipelines.diagnose.report import (
    plot_model_vs_baselines,
    plot_permutation_null,
    plot_probability_spread,
    render_html,
)
from seq_pipeline.pipelines.diagnose.verdict import decide
from seq_pipeline.pipelines.evaluate.nodes import EvaluateOptions
from seq_pipeline.pipelines.evaluate.plots import plot_learning_curves, plot_roc_curve
from seq_pipeline.splits import split_names

logger = logging.getLogger(__name__)

Baseline = Literal["majority", "logistic_flat", "summary_gbm", "minirocket"]


class DiagnoseOptions(BaseModel):
    """Thresholds of the data checks, baseline set, resampling sizes and verdict rules."""

    model_config = ConfigDict(extra="forbid")

    scale_ratio_max: float = Field(default=100.0, gt=1)
    offset_ratio: float = Field(default=10.0, gt=0)
    imbalance_minority_share: float = Field(default=0.2, gt=0, le=0.5)
    constant_value_share: float = Field(default=0.99, gt=0, le=1)
    missing_fraction_max: float = Field(default=0.5, ge=0, le=1)
    label_order_z: float = Field(default=5.0, gt=0)
    duplicate_tolerance: float = Field(default=1e-3, ge=0)
    duplicate_max_rows: int = Field(default=5000, gt=0)
    baselines: list[Baseline] = ["majority", "logistic_flat", "summary_gbm"]
    max_train_rows: int = Field(default=50_000, gt=0)
    n_bootstrap: int = Field(default=1000, gt=0)
    significance: float = Field(default=0.05, gt=0, lt=1)
    n_permutations: int = Field(default=199, gt=0)
    permutation_max_features: int = Field(default=2048, gt=0)
    ridge: float = Field(default=1.0, gt=0)
    collapse_std: float = Field(default=1e-3, ge=0)
    loss_drop_min: float = Field(default=0.02, ge=0)
    overfit_gap: float = Field(default=0.1, ge=0)
    model_fails_margin: float = Field(default=0.05, ge=0)
    imbalance_accuracy_margin: float = Field(default=0.02, ge=0)
    leak_duplicate_fraction: float = Field(default=0.001, ge=0)
    perfect_score: float = Field(default=0.999, gt=0.5, le=1)


def audit_data(
    sequences: dict[str, np.ndarray], split: dict[str, np.ndarray], options: DiagnoseOptions
) -> dict[str, Any]:
    """Named data findings (scales, balance, constants, gaps, order, leaks) before training."""
    x, mask, y = sequences["X"], sequences["mask"], sequences["y"]
    names = sequences["feature_names"].tolist()
    o = options
    findings = {
        "feature_scale": checks.feature_scale(x, mask, names, o.scale_ratio_max, o.offset_ratio),
        "label_balance": checks.label_balance(y, split, o.imbalance_minority_share),
        "constant_features": checks.constant_features(x, mask, names, o.constant_value_share),
        "missing_steps": checks.missing_steps(x, mask, names, o.missing_fraction_max),
        "label_order": checks.label_order(y, o.label_order_z),
        "split_duplicates": checks.split_overlap(
            x=x,
            mask=mask,
            y=y,
            split=split,
            tolerance=o.duplicate_tolerance,
            max_rows=o.duplicate_max_rows,
            seed=0,
        ),
        "group_overlap": checks.group_overlap(sequences.get("group"), split),
    }
    for name, result in findings.items():
        if result["flag"]:
            logger.warning("Data check '%s': %s", name, result["summary"])
    return {"n_sequences": len(y), "shape": list(x.shape), "findings": findings}


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
    base = pd.DataFrame(
        {
            "sequence_id": sequences["ids"],
            "split": split_names(len(sequences["y"]), split),
            "y_true": sequences["y"].astype(int),
        }
    )
    frames = [base.assign(baseline=name, probability=p) for name, p in probabilities.items()]
    return pd.concat(frames, ignore_index=True)


def score_baselines(baseline_predictions: pd.DataFrame, options: EvaluateOptions) -> dict:
    """Each baseline's metrics per split: the model's `score_binary` and threshold."""
    scores: dict[str, Any] = {"threshold": options.threshold}
    for (name, split), rows in baseline_predictions.groupby(["baseline", "split"], sort=False):
        if split:
            scores.setdefault(name, {})[split] = score_binary(
                rows["y_true"], rows["probability"], options.threshold
            )
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
    flat = flat_features(sequences, scaler)
    if flat.shape[1] > options.permutation_max_features:
        flat = np.nan_to_num(summary_features(standardized(sequences, scaler)))
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
    }


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
        "threshold": metrics["threshold"],
        "options": options.model_dump(),
    }


def render_diagnosis_report(
    diagnosis: dict[str, Any], predictions: pd.DataFrame, training_history: dict[str, Any]
) -> str:
    """Self-contained HTML report of the diagnosis, figures embedded as PNG."""
    figures = {
        "model vs baselines": plot_model_vs_baselines(diagnosis),
        "permutation null": plot_permutation_null(diagnosis),
        "probability spread": plot_probability_spread(predictions),
        "ROC curve": plot_roc_curve(predictions),
        "learning curves": plot_learning_curves(training_history),
    }
    return render_html(diagnosis, figures)

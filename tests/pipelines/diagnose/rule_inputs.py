"""Hand-built inputs of the verdict rules: a model that learns, and edits of it."""

from __future__ import annotations

from typing import Any

from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions

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
        # 200 test sequences, 100 per class: enough to decide (no `inconclusive`).
        "metrics": {
            "threshold": 0.5,
            "test": {
                "n": 200,
                "positive_rate": 0.5,
                "pr_auc": 0.9,
                "confusion_matrix": {"tp": 80, "fn": 20, "tn": 80, "fp": 20},
            },
        },
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

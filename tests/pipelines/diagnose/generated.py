"""Small generated datasets, and a helper that runs the diagnosis nodes in pipeline order."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from seq_pipeline.core.demo import make_event_sequences
from seq_pipeline.core.preprocessing import fit_scaler
from seq_pipeline.core.splits import SplitOptions, split_sequences
from seq_pipeline.pipelines.audit.nodes import audit_data
from seq_pipeline.pipelines.audit.options import AuditOptions
from seq_pipeline.pipelines.diagnose.nodes import (
    bootstrap_test_scores,
    check_training_health,
    decide_verdict,
    fit_baselines,
    run_permutation_test,
    score_baselines,
)
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.evaluate.nodes import EvaluateOptions, compute_metrics
from seq_pipeline.pipelines.train.options import TrainOptions

SEED = 11
# Fewer resamples than the defaults keep the suite fast; the rules are the same.
FAST = {"n_bootstrap": 400, "n_permutations": 99}


def as_sequences(x: np.ndarray, y: np.ndarray, **extra: np.ndarray) -> dict[str, np.ndarray]:
    """Canonical tensors (no padding) from (N, T, F) values and labels."""
    n, t, f = x.shape
    return {
        "X": x.astype(np.float32),
        "mask": np.ones((n, t), dtype=bool),
        "y": y.astype(np.int8),
        "ids": np.array([f"s{i:05d}" for i in range(n)]),
        "feature_names": np.array([f"f{j}" for j in range(f)]),
        **extra,
    }


def pulse_sequences(
    n: int, n_steps: int = 12, positive_fraction: float = 0.5, height: float = 4.0, seed: int = SEED
) -> tuple[np.ndarray, np.ndarray]:
    """Easy, learnable data: class 1 carries a Gaussian pulse in feature 0 at a random step."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < positive_fraction).astype(np.int8)
    x = rng.standard_normal((n, n_steps, 2))
    centre = rng.integers(2, n_steps - 2, size=n)
    steps = np.arange(n_steps)[None, :]
    x[:, :, 0] += height * y[:, None] * np.exp(-0.5 * (steps - centre[:, None]) ** 2)
    return x, y


def noise_sequences(n: int, n_steps: int = 12, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """No signal: labels are coin flips independent of the values."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, n_steps, 2)), (rng.random(n) < 0.5).astype(np.int8)


def raw_scale_event_sequences(n: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Learnable event-order data with raw scales 1e5 and 1e-3, like unscaled sensors."""
    x, y = make_event_sequences(n_sequences=n, n_steps=12, seed=seed, pulse_height=5.0)
    return x * np.array([1e5, 1e-3]) + np.array([1e5, 0.0]), y


def recorded_again(
    x: np.ndarray, y: np.ndarray, copies: int = 3, noise: float = 0.01, seed: int = SEED
) -> tuple[np.ndarray, np.ndarray]:
    """Every sequence recorded `copies` times with `noise` × its std of extra noise (no group)."""
    rng = np.random.default_rng(seed)
    scale = noise * x.std()
    repeats = [x + scale * rng.standard_normal(x.shape) for _ in range(copies)]
    return np.concatenate(repeats), np.concatenate([y] * copies)


def as_given_split(
    sequences: dict[str, np.ndarray], split: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """The sequences with a user-given `split` column matching `split` (an official split)."""
    names = np.full(len(sequences["y"]), "train", dtype=object)
    for name, index in split.items():
        names[index] = name
    return {**sequences, "split": names.astype(str)}


def make_split(sequences: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A stratified 60/15/25 split: a larger test set tightens the intervals."""
    return split_sequences(sequences, SplitOptions(val_fraction=0.15, test_fraction=0.25), SEED)


def train_and_predict(
    sequences: dict[str, np.ndarray], split: dict[str, np.ndarray], **overrides: Any
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Train a real tiny BiLSTM with the project's nodes; return predictions and history."""
    from seq_pipeline.pipelines.evaluate.nodes import predict_sequences
    from seq_pipeline.pipelines.train.nodes import train_model

    options = TrainOptions(
        **{
            "lstm_units": 8,
            "dense_units": 8,
            "epochs": 3,
            "batch_size": 16,
            "learning_rate": 0.01,
            "early_stopping_patience": None,
            "verbose": 0,
            **overrides,
        }
    )
    scaler = fit_scaler(sequences, split)
    model, history = train_model(sequences, split, scaler, options, seed=SEED)
    return predict_sequences(model, sequences, split), history


def model_like_baseline(
    sequences: dict[str, np.ndarray], split: dict[str, np.ndarray], name: str = "logistic_flat"
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Predictions of a fitted baseline standing in for the model, with a falling loss history."""
    options = DiagnoseOptions(baselines=[name])
    rows = fit_baselines(sequences, split, fit_scaler(sequences, split), options, SEED)
    predictions = rows.drop(columns="baseline")
    history = {"history": {"loss": [0.69, 0.4, 0.3]}, "epochs_run": 3, "options": {}}
    return predictions, history


def run_diagnosis(
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    predictions: pd.DataFrame,
    training_history: dict[str, Any],
    **options: Any,
) -> dict[str, Any]:
    """The audit and every diagnosis node, in pipeline order, on in-memory data."""
    audit_keys = AuditOptions.model_fields.keys() & options.keys()
    audit = AuditOptions(**{k: options.pop(k) for k in audit_keys})
    opts = DiagnoseOptions(**{**FAST, **options})
    evaluate = EvaluateOptions()
    scaler = fit_scaler(sequences, split)
    metrics = compute_metrics(predictions, evaluate)
    baseline_predictions = fit_baselines(sequences, split, scaler, opts, SEED)
    return decide_verdict(
        data_audit=audit_data(sequences, split, audit),
        metrics=metrics,
        baseline_scores=score_baselines(baseline_predictions, evaluate),
        score_intervals=bootstrap_test_scores(
            predictions, baseline_predictions, evaluate, opts, SEED
        ),
        permutation_test=run_permutation_test(sequences, split, scaler, opts, SEED),
        training_health=check_training_health(training_history, predictions, metrics, opts),
        options=opts,
    )

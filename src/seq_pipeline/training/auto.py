"""`architecture: auto` wired to real fitting (imports Keras through `fitting`: load lazily)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from seq_pipeline.core.preprocessing import fit_scaler
from seq_pipeline.training.fit import fit_architecture
from seq_pipeline.training.options import AutoOptions
from seq_pipeline.training.selection import (
    check_no_test_rows,
    run_selection,
    selection_folds,
)


def train_auto(
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    scaler: dict[str, Any],
    options: AutoOptions,
    seed: int,
) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """Choose the architecture on train/validation rows, then return its model, record, choice."""
    method, folds = selection_folds(
        split["train"],
        split["val"],
        sequences["y"],
        options.min_val_sequences,
        options.auto_cv_folds,
        seed,
    )
    check_no_test_rows(folds, split["test"])
    refit = method == "cross_validation"
    quiet = options.model_copy(update={"verbose": 0})

    def fit_and_score(architecture, fit_rows, score_rows, deadline):
        # Each fold fits its own scaling statistics: the scored rows never inform them.
        fold_scaler = fit_scaler(sequences, {"train": fit_rows}) if refit else scaler
        model, record = fit_architecture(
            architecture, sequences, fit_rows, score_rows, fold_scaler, quiet, seed, deadline
        )
        return record["val_score"], (model, record)

    started = time.monotonic()
    selection, kept = run_selection(
        options.auto_candidates, folds, fit_and_score, options.auto_time_budget_s, refit
    )
    selection["method"] = method
    if kept is not None:
        model, record = kept
    else:
        remaining = options.auto_time_budget_s - (time.monotonic() - started)
        share = options.auto_time_budget_s / (len(options.auto_candidates) * len(folds) + 1)
        model, record = fit_architecture(
            selection["chosen"],
            sequences,
            split["train"],
            split["val"],
            scaler,
            options,
            seed,
            deadline=time.monotonic() + max(remaining, share),
            tensorboard=True,
        )
    return model, record, selection

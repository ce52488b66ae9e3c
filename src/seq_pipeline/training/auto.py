"""`architecture: auto` wired to real fitting (imports Keras through `fitting`: load lazily)."""

from __future__ import annotations

import logging
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

logger = logging.getLogger(__name__)


def screening_options(options: AutoOptions) -> AutoOptions:
    """One candidate's screening fit: exactly `auto_candidate_steps` gradient steps (whole
    epochs, rounded up; early stopping cannot end it sooner), quietly."""
    return options.model_copy(
        update={"verbose": 0, "epochs": 1, "min_steps": options.auto_candidate_steps}
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
    screening = screening_options(options)

    def fit_and_score(architecture, fit_rows, score_rows, deadline):
        # Each fold fits its own scaling statistics: the scored rows never inform them.
        fold_scaler = fit_scaler(sequences, {"train": fit_rows}) if refit else scaler
        model, record = fit_architecture(
            architecture, sequences, fit_rows, score_rows, fold_scaler, screening, seed, deadline
        )
        return record["val_score"], (model, record)

    selection, kept = run_selection(
        options.auto_candidates, folds, fit_and_score, options.auto_time_budget_s, refit
    )
    selection["method"] = method
    selection["candidate_steps"] = options.auto_candidate_steps
    logger.info(
        "auto chose %s (%s over %d fold(s); %s): %s",
        selection["chosen"],
        method.replace("_", "-"),
        len(folds),
        selection["rule"],
        ", ".join(
            f"{name} {result['balanced_accuracy']:.3f}"
            for name, result in selection["candidates"].items()
            if result.get("balanced_accuracy") is not None
        ),
    )
    if selection["capped"]:
        logger.warning(
            "auto: the safety cap of %.0f s (train_options.auto_time_budget_s) ran out after "
            "%.0f s; candidates it left unscored: %s. The choice now depends on machine load: "
            "raise the cap for a reproducible choice",
            options.auto_time_budget_s,
            selection["elapsed_s"],
            [c for c, r in selection["candidates"].items() if r.get("skipped")],
        )
    # A closed-form fit is the same at any step budget. After cross-validation (small data)
    # the winner is refitted on train exactly as it was scored, its screening budget: the
    # model is the one the scores describe, at the cost of one screening fit. A winner of a
    # validation choice (enough data) trains its whole schedule, which the screening only
    # began. Both count steps, so the chosen model does not depend on load either.
    if kept is not None and kept[1]["stopped_by"] == "closed_form":
        return *kept, selection
    model, record = fit_architecture(
        selection["chosen"],
        sequences,
        split["train"],
        split["val"],
        scaler,
        screening if refit else options,
        seed,
        tensorboard=True,
    )
    return model, record, selection

"""`auto` on real (tiny) fits: screening budgets counted in steps, a closed-form winner kept
without a refit, and the same choice and model on a quiet or a busy machine."""

from __future__ import annotations

import math
import multiprocessing
import os

import numpy as np
import pytest

from seq_pipeline.core.preprocessing import fit_scaler
from seq_pipeline.models import model_inputs
from seq_pipeline.training.auto import screening_options, train_auto
from seq_pipeline.training.options import AutoOptions
from seq_pipeline.training.schedule import plan_schedule

TINY = {
    "lstm_fcn": {"lstm_units": 2, "filters": [4, 4, 4], "kernel_sizes": [3, 3, 3]},
    "minirocket": {"num_features": 168, "max_dilations": 2},
}


def _options(**changes) -> AutoOptions:
    settings = {
        **TINY,
        "auto_candidates": ["minirocket", "lstm_fcn"],
        "auto_candidate_steps": 3,
        "epochs": 2,  # the refit of a trained winner
        "batch_size": 32,
        "learning_rate": 0.01,
        "tensorboard_dir": None,
        "verbose": 0,
    }
    return AutoOptions(**(settings | changes))


@pytest.mark.parametrize(("n_train", "steps"), [(50, 60), (50, 7), (9000, 60), (8, 1)])
def test_a_screening_fit_runs_the_step_budget_in_whole_epochs_whatever_the_schedule(n_train, steps):
    options = AutoOptions(
        epochs=40, min_steps=500, adaptive_batch_size=True, auto_candidate_steps=steps
    )
    schedule = plan_schedule(n_train, screening_options(options), n_val=10)
    assert schedule.epochs == schedule.min_epochs == math.ceil(steps / schedule.steps_per_epoch)
    assert schedule.total_steps - schedule.steps_per_epoch < steps <= schedule.total_steps
    # Everything else about the fit is the configured one.
    assert screening_options(options).batch_size == options.batch_size
    assert screening_options(options).verbose == 0


def _busy(stop) -> None:
    while not stop.is_set():
        pass


def _auto(sequences, split, options):
    model, record, selection = train_auto(
        sequences, split, fit_scaler(sequences, split), options, seed=3
    )
    test = split["test"]
    probability = model.predict(
        model_inputs(sequences["X"][test], sequences["mask"][test]), verbose=0
    )
    return record, selection, probability


@pytest.mark.slow  # trains twice, once beside a busy loop on every core
def test_a_busy_machine_chooses_scores_and_trains_exactly_as_a_quiet_one(sequences, split):
    options = _options(min_val_sequences=1000, auto_cv_folds=2)  # cross-validation
    quiet = _auto(sequences, split, options)
    stop = multiprocessing.Event()
    burners = [multiprocessing.Process(target=_busy, args=(stop,)) for _ in range(os.cpu_count())]
    for burner in burners:
        burner.start()
    try:
        busy = _auto(sequences, split, options)
    finally:
        stop.set()
        for burner in burners:
            burner.join()
    assert busy[1]["chosen"] == quiet[1]["chosen"]
    for name, scores in quiet[1]["candidates"].items():
        assert (
            busy[1]["candidates"][name]["fold_balanced_accuracy"]
            == (scores["fold_balanced_accuracy"])
        )
        assert busy[1]["candidates"][name]["log_loss"] == scores["log_loss"]
    np.testing.assert_array_equal(busy[2], quiet[2])
    assert not quiet[1]["capped"] and quiet[1]["candidate_steps"] == 3


def test_a_closed_form_winner_is_kept_from_its_validation_fit(sequences, split):
    options = _options(auto_candidates=["minirocket"], min_val_sequences=1)
    record, selection, _ = _auto(sequences, split, options)
    assert selection["method"] == "validation" and selection["chosen"] == "minirocket"
    assert record["stopped_by"] == "closed_form" and record["epochs_run"] == 0
    assert (
        record["val_score"]["balanced_accuracy"]
        == (selection["candidates"]["minirocket"]["balanced_accuracy"])
    )


def test_the_log_says_what_auto_chose_and_why(sequences, split, caplog):
    options = _options(auto_candidates=["minirocket"], min_val_sequences=1)
    with caplog.at_level("INFO", logger="seq_pipeline.training.auto"):
        _auto(sequences, split, options)
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("auto chose")]
    assert line.startswith("auto chose minirocket (validation over 1 fold(s); the earliest ")
    assert "minirocket 0." in line or "minirocket 1.000" in line

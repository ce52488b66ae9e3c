"""`architecture: auto`: chosen by validation (or CV) score, within budget, never on test."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.training.selection import (
    check_no_test_rows,
    choose,
    run_selection,
    selection_folds,
)

Y = np.array([0, 1] * 50)
TRAIN, VAL, TEST = np.arange(0, 60), np.arange(60, 80), np.arange(80, 100)
SCORES = {"bilstm": 0.70, "lstm_fcn": 0.95, "inception": 0.90}


def fake_fit_and_score(seen: list):
    """Scores each candidate by a fixed table; records the rows it was given."""

    def fit_and_score(architecture, fit_rows, score_rows, deadline):
        seen.append((architecture, fit_rows, score_rows, deadline))
        score = {"balanced_accuracy": SCORES[architecture], "accuracy": 0.0, "log_loss": 0.5}
        return score, f"model:{architecture}"

    return fit_and_score


def test_large_validation_scores_on_validation_and_keeps_the_winner():
    method, folds = selection_folds(TRAIN, VAL, Y, min_val=20, n_folds=3, seed=0)
    assert method == "validation"
    seen: list = []
    record, model = run_selection(list(SCORES), folds, fake_fit_and_score(seen), 60, refit=False)
    assert record["chosen"] == "lstm_fcn" and model == "model:lstm_fcn"
    assert {a: r["balanced_accuracy"] for a, r in record["candidates"].items()} == SCORES
    for _, fit_rows, score_rows, _ in seen:
        np.testing.assert_array_equal(fit_rows, TRAIN)
        np.testing.assert_array_equal(score_rows, VAL)


def test_small_validation_uses_stratified_cv_on_train_and_val_only():
    method, folds = selection_folds(TRAIN, VAL, Y, min_val=30, n_folds=3, seed=0)
    assert method == "cross_validation" and len(folds) == 3
    pool = np.concatenate([TRAIN, VAL])
    scored = np.sort(np.concatenate([score for _, score in folds]))
    np.testing.assert_array_equal(scored, pool)  # every train/val row scored exactly once
    for fit_rows, score_rows in folds:
        assert not np.intersect1d(fit_rows, score_rows).size
        assert abs(Y[score_rows].mean() - 0.5) < 0.06  # stratified
    seen: list = []
    record, model = run_selection(list(SCORES), folds, fake_fit_and_score(seen), 60, refit=True)
    assert record["chosen"] == "lstm_fcn" and model is None  # the caller refits the winner
    assert len(seen) == 9
    assert record["candidates"]["bilstm"]["fold_balanced_accuracy"] == [0.7, 0.7, 0.7]
    for _, fit_rows, score_rows, _ in seen:
        assert not np.intersect1d(np.concatenate([fit_rows, score_rows]), TEST).size


def test_test_rows_in_a_fold_are_refused():
    with pytest.raises(ValueError, match=r"must not see test rows.*80"):
        check_no_test_rows([(TRAIN, np.array([79, 80]))], TEST)


def test_ties_go_to_lower_log_loss_then_candidate_order():
    results = {
        "bilstm": {"balanced_accuracy": 0.9, "log_loss": 0.3},
        "lstm_fcn": {"balanced_accuracy": 0.9, "log_loss": 0.2},
        "inception": {"balanced_accuracy": 0.9, "log_loss": 0.2},
        "skipped": {"balanced_accuracy": None},
    }
    assert choose(results, ["bilstm", "lstm_fcn", "inception", "skipped"]) == "lstm_fcn"
    with pytest.raises(ValueError, match="No candidate"):
        choose({"a": {"balanced_accuracy": None}}, ["a"])


def test_budget_gives_deadlines_in_slices_and_skips_candidates_once_spent():
    now = [0.0]

    def clock():
        return now[0]

    seen: list = []
    inner = fake_fit_and_score(seen)

    def slow_fit(architecture, fit_rows, score_rows, deadline):
        now[0] += 25.0  # every fit takes 25 s
        return inner(architecture, fit_rows, score_rows, deadline)

    folds = [(TRAIN, VAL)]
    record, _ = run_selection(list(SCORES), folds, slow_fit, 40, refit=False, clock=clock)
    assert [s[3] for s in seen] == pytest.approx([40 / 3, 80 / 3])  # cumulative slices
    assert record["candidates"]["inception"]["skipped"] == "time budget spent"
    assert record["chosen"] == "lstm_fcn"

"""`architecture: auto`: chosen by validation (or CV) score with successive halving over the
folds, the same on a quiet or a busy machine, and never on test."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.training.selection import (
    check_no_test_rows,
    choose,
    run_selection,
    selection_folds,
    standard_error,
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
    # Successive halving: 3 candidates on fold 1, the better 2 on fold 2, the best on fold 3.
    assert [a for a, *_ in seen] == [
        "bilstm",
        "lstm_fcn",
        "inception",
        "lstm_fcn",
        "inception",
        "lstm_fcn",
    ]
    assert record["candidates"]["bilstm"]["fold_balanced_accuracy"] == [0.7]
    assert record["candidates"]["bilstm"]["eliminated_after_fold"] == 1
    assert record["candidates"]["inception"]["eliminated_after_fold"] == 2
    assert record["candidates"]["lstm_fcn"]["fold_balanced_accuracy"] == [0.95] * 3
    assert "eliminated_after_fold" not in record["candidates"]["lstm_fcn"]
    for _, fit_rows, score_rows, _ in seen:
        assert not np.intersect1d(np.concatenate([fit_rows, score_rows]), TEST).size


def test_test_rows_in_a_fold_are_refused():
    with pytest.raises(ValueError, match=r"must not see test rows.*80"):
        check_no_test_rows([(TRAIN, np.array([79, 80]))], TEST)


def test_exact_ties_go_to_the_earlier_cheaper_candidate():
    results = {
        "bilstm": {"balanced_accuracy": 0.9, "log_loss": 0.3},
        "lstm_fcn": {"balanced_accuracy": 0.9, "log_loss": 0.2},
        "inception": {"balanced_accuracy": 0.9, "log_loss": 0.2},
        "skipped": {"balanced_accuracy": None},
    }
    assert choose(results, ["bilstm", "lstm_fcn", "inception", "skipped"]) == "bilstm"
    assert choose(results, ["inception", "lstm_fcn", "bilstm"]) == "inception"
    with pytest.raises(ValueError, match="No candidate"):
        choose({"a": {"balanced_accuracy": None}}, ["a"])


@pytest.mark.parametrize(
    ("cheap", "n", "expected"),
    [
        (0.9065, 50, "cheap"),  # the best 0.94 on 50 sequences: SE 0.0336, floor 0.9064
        (0.9063, 50, "dear"),
        (0.94, 50, "cheap"),  # a tie
        (0.9063, 30, "cheap"),  # fewer sequences, more noise: SE 0.0434, floor 0.8966
        (0.8965, 30, "dear"),
    ],
)
def test_a_costlier_candidate_must_win_by_more_than_one_standard_error(cheap, n, expected):
    results = {
        "cheap": {"balanced_accuracy": cheap, "log_loss": 0.5, "n": n},
        "dear": {"balanced_accuracy": 0.94, "log_loss": 0.4, "n": n},
    }
    assert choose(results, ["cheap", "dear"]) == expected


def test_standard_error_is_binomial_and_zero_without_sequences():
    assert standard_error(0.9, 100) == pytest.approx(0.03)
    assert standard_error(0.5, 25) == pytest.approx(0.1)
    assert standard_error(1.0, 40) == 0.0
    assert standard_error(0.9, 0) == 0.0


def test_halving_keeps_the_better_half_rounded_up():
    scores = {"a": 0.6, "b": 0.9, "c": 0.8, "d": 0.7, "e": 0.5}
    seen: list = []

    def fit(architecture, fit_rows, score_rows, deadline):
        seen.append(architecture)
        return {"balanced_accuracy": scores[architecture], "accuracy": 0.0, "log_loss": 0.5}, None

    folds = [(TRAIN, VAL)] * 3
    record, _ = run_selection(list(scores), folds, fit, 60, refit=True)
    assert seen == ["a", "b", "c", "d", "e", "b", "c", "d", "b", "c"]
    assert record["chosen"] == "b" and not record["capped"]


def _timed_run(fit_seconds: float) -> dict:
    """A CV choice where every fit takes `fit_seconds` of a fake clock, under a 1000 s cap."""
    now = [0.0]
    inner = fake_fit_and_score([])

    def fit(architecture, fit_rows, score_rows, deadline):
        now[0] += fit_seconds
        return inner(architecture, fit_rows, score_rows, deadline)

    _, folds = selection_folds(TRAIN, VAL, Y, min_val=30, n_folds=3, seed=0)
    record, _ = run_selection(list(SCORES), folds, fit, 1000, refit=True, clock=lambda: now[0])
    return record


def test_the_choice_does_not_depend_on_how_busy_the_machine_is():
    quiet, busy = _timed_run(1.0), _timed_run(90.0)  # the same fits, 90 times slower
    assert busy["elapsed_s"] == 90 * quiet["elapsed_s"]

    def scores_only(record):
        return {
            c: {k: v for k, v in r.items() if k != "seconds"}
            for c, r in record["candidates"].items()
        }

    assert scores_only(busy) == scores_only(quiet)
    assert busy["chosen"] == quiet["chosen"] == "lstm_fcn"
    assert not busy["capped"] and not quiet["capped"]


def test_the_safety_cap_is_every_fits_deadline_and_skips_fits_once_passed():
    now = [0.0]
    seen: list = []
    inner = fake_fit_and_score(seen)

    def slow_fit(architecture, fit_rows, score_rows, deadline):
        now[0] += 25.0  # every fit takes 25 s
        return inner(architecture, fit_rows, score_rows, deadline)

    folds = [(TRAIN, VAL)]
    record, _ = run_selection(list(SCORES), folds, slow_fit, 40, refit=False, clock=lambda: now[0])
    assert [s[3] for s in seen] == [40, 40]  # the cap, not a slice of it
    assert record["candidates"]["inception"]["skipped"] == "safety cap reached"
    assert record["capped"] and record["chosen"] == "lstm_fcn"


def test_halving_keeps_the_cheap_candidate_the_final_rule_would_prefer():
    # After fold 1, "dear" leads by less than one standard error: the final rule would take
    # "cheap", so the halving must not drop it (ranking by raw score would).
    table = {"cheap": 0.90, "dear": 0.92, "mid": 0.70}
    seen: list = []

    def fit(architecture, fit_rows, score_rows, deadline):
        seen.append(architecture)
        score = {"balanced_accuracy": table[architecture], "accuracy": 0.0, "log_loss": 0.5}
        return score | {"n": 40}, None

    record, _ = run_selection(["cheap", "dear", "mid"], [(TRAIN, VAL)] * 3, fit, 60, refit=True)
    assert seen == ["cheap", "dear", "mid", "cheap", "dear", "cheap"]
    assert record["chosen"] == "cheap"
    assert record["candidates"]["dear"]["eliminated_after_fold"] == 2

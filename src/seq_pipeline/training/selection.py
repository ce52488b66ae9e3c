"""`architecture: auto`: choose among candidates by validation score, within a time budget.

Pure logic, no Keras: the fitting is passed in as `fit_and_score`, so the rule itself is
unit-tested. Rows come from the train and validation splits only; the test split is never
given to a candidate (checked, not just assumed).

- Validation of at least `min_val` sequences: each candidate is fitted on train and scored on
  validation; the winner's fitted model is kept.
- Smaller validation: stratified k-fold cross-validation over train + validation (one
  score on ~10 sequences is noise); the winner is then refitted on train.
- Score: mean balanced accuracy, ties broken by lower mean log loss, then candidate order.
- Budget: fit j of n planned may run until start + j × budget / n (time left over by fast
  fits carries forward); once the budget is spent, remaining candidates are skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

# fit_and_score(architecture, fit_rows, score_rows, deadline) -> (score dict, fitted artifact)
FitAndScore = Callable[[str, np.ndarray, np.ndarray, float], tuple[dict[str, float], Any]]


def selection_folds(
    train: np.ndarray, val: np.ndarray, y: np.ndarray, min_val: int, n_folds: int, seed: int
) -> tuple[str, list[tuple[np.ndarray, np.ndarray]]]:
    """(method, [(fit_rows, score_rows), ...]) from train and validation rows only."""
    if len(val) >= min_val:
        return "validation", [(train, val)]
    pool = np.sort(np.concatenate([train, val]))
    k = min(n_folds, int(np.bincount(y[pool].astype(int), minlength=2).min()))
    if k < 2:  # a class with one sequence cannot be stratified: fall back to validation
        return "validation", [(train, val)]
    folds = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    return "cross_validation", [
        (pool[fit], pool[score]) for fit, score in folds.split(pool, y[pool].astype(int))
    ]


def check_no_test_rows(folds: Sequence[tuple[np.ndarray, np.ndarray]], test: np.ndarray) -> None:
    """Raise if any fold would fit on or score against a test sequence."""
    for fit_rows, score_rows in folds:
        leaked = np.intersect1d(np.concatenate([fit_rows, score_rows]), test)
        if leaked.size:
            raise ValueError(f"Model selection must not see test rows; got {leaked[:10].tolist()}")


def choose(results: dict[str, dict[str, Any]], candidates: Sequence[str]) -> str:
    """Best mean balanced accuracy, then lowest mean log loss, then earliest candidate."""
    scored = [c for c in candidates if results.get(c, {}).get("balanced_accuracy") is not None]
    if not scored:
        raise ValueError("No candidate architecture was scored")
    return min(
        scored,
        key=lambda c: (
            -results[c]["balanced_accuracy"],
            results[c]["log_loss"],
            candidates.index(c),
        ),
    )


def run_selection(
    candidates: Sequence[str],
    folds: Sequence[tuple[np.ndarray, np.ndarray]],
    fit_and_score: FitAndScore,
    budget_s: float,
    refit: bool,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[dict[str, Any], Any]:
    """Score every candidate on every fold; return the record and the winner's artifact.

    The artifact is the winner's fitted model when there is a single fold and no `refit`;
    otherwise None (the caller refits the winner; one slice of the budget is kept for it).
    """
    candidates = list(candidates)
    start = clock()
    n_fits = len(candidates) * len(folds) + int(refit)
    share = budget_s / n_fits
    results: dict[str, dict[str, Any]] = {}
    artifacts: dict[str, Any] = {}
    fit_index = 0
    for architecture in candidates:
        if results and clock() - start >= budget_s:
            results[architecture] = {"skipped": "time budget spent", "balanced_accuracy": None}
            fit_index += len(folds)
            continue
        began = clock()
        fold_scores = []
        for fit_rows, score_rows in folds:
            fit_index += 1
            score, artifact = fit_and_score(
                architecture, fit_rows, score_rows, start + fit_index * share
            )
            fold_scores.append(score)
        results[architecture] = _aggregate(fold_scores, clock() - began)
        if len(folds) == 1 and not refit:
            artifacts[architecture] = artifact
    chosen = choose(results, candidates)
    record = {
        "chosen": chosen,
        "candidates": results,
        "n_folds": len(folds),
        "budget_s": budget_s,
        "elapsed_s": round(clock() - start, 2),
    }
    return record, artifacts.get(chosen)


def _aggregate(fold_scores: list[dict[str, float]], seconds: float) -> dict[str, Any]:
    return {
        "balanced_accuracy": float(np.mean([s["balanced_accuracy"] for s in fold_scores])),
        "accuracy": float(np.mean([s["accuracy"] for s in fold_scores])),
        "log_loss": float(np.mean([s["log_loss"] for s in fold_scores])),
        "fold_balanced_accuracy": [float(s["balanced_accuracy"]) for s in fold_scores],
        "seconds": round(seconds, 2),
    }

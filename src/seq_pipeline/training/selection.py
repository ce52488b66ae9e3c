"""`architecture: auto`: choose among candidates by validation score, the same on any machine.

Pure logic, no Keras: the fitting is passed in as `fit_and_score`, so the rule itself is
unit-tested. Rows come from the train and validation splits only; the test split is never
given to a candidate (checked, not just assumed).

- Validation of at least `min_val` sequences: each candidate is fitted on train and scored on
  validation; the winner's fitted model is kept.
- Smaller validation: stratified k-fold cross-validation over train + validation (one
  score on ~10 sequences is noise); the winner is then refitted on train.
- Score: mean balanced accuracy. The choice is the earliest candidate (they come cheap and
  strong first) within one standard error of the best score, the one-standard-error rule
  (Breiman et al. 1984, "Classification and Regression Trees", §3.4.3; Hastie, Tibshirani &
  Friedman 2009, "The Elements of Statistical Learning", §7.10): a later, costlier candidate
  must win by more than the noise of the scored sequences.
- Cost: successive halving over the folds: after each fold but the last, only the better
  half of the candidates goes on, so k folds cost far fewer than k × candidates fits.
- Budget: deterministic. Each fit runs its schedule (epochs, minimum steps, early stopping)
  to the end; wall-clock time is only a safety cap on the whole choice, logged when it bites.
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


def standard_error(balanced_accuracy: float, n: int) -> float:
    """The binomial standard error of a score over `n` scored sequences (0 when none)."""
    if n < 1:
        return 0.0
    return float(np.sqrt(balanced_accuracy * (1.0 - balanced_accuracy) / n))


def choose(results: dict[str, dict[str, Any]], candidates: Sequence[str]) -> str:
    """The earliest candidate within one standard error of the best mean balanced accuracy
    (the best's lowest log loss, then order, decide which score is the best)."""
    scored = [c for c in candidates if results.get(c, {}).get("balanced_accuracy") is not None]
    if not scored:
        raise ValueError("No candidate architecture was scored")
    best = min(
        scored,
        key=lambda c: (
            -results[c]["balanced_accuracy"],
            results[c]["log_loss"],
            candidates.index(c),
        ),
    )
    top = results[best]["balanced_accuracy"]
    floor = top - standard_error(top, results[best].get("n", 0))
    return next(c for c in candidates if c in scored and results[c]["balanced_accuracy"] >= floor)


def run_selection(
    candidates: Sequence[str],
    folds: Sequence[tuple[np.ndarray, np.ndarray]],
    fit_and_score: FitAndScore,
    cap_s: float,
    refit: bool,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[dict[str, Any], Any]:
    """Score the candidates fold by fold, keeping the better half after each fold but the
    last (successive halving over folds); return the record and the winner's artifact.

    Every fit runs its own schedule to the end, so the same seed gives the same fits, scores
    and choice on a quiet or a busy machine. The one clock is a safety cap on the whole
    choice (`cap_s`): it is every fit's deadline, and once it has passed the remaining fits
    are skipped; the record says when it bit. The artifact is the winner's fitted model when
    there is a single fold and no `refit`; otherwise None (the caller refits the winner).
    """
    candidates = list(candidates)
    start = clock()
    cap = start + cap_s
    scores: dict[str, list[dict[str, float]]] = {c: [] for c in candidates}
    seconds = dict.fromkeys(candidates, 0.0)
    artifacts: dict[str, Any] = {}
    alive, capped = list(candidates), False
    for k, (fit_rows, score_rows) in enumerate(folds):
        for architecture in alive:
            if any(scores.values()) and clock() >= cap:
                capped = True
                continue
            began = clock()
            score, artifact = fit_and_score(architecture, fit_rows, score_rows, cap)
            seconds[architecture] += clock() - began
            scores[architecture].append(score)
            if len(folds) == 1 and not refit:
                artifacts[architecture] = artifact
        if k < len(folds) - 1:
            alive = _better_half(alive, scores, candidates)
    results = _results(candidates, alive, scores, seconds)
    finished = max(len(scores[c]) for c in alive)
    chosen = choose({c: results[c] for c in alive if len(scores[c]) == finished}, candidates)
    record = {
        "chosen": chosen,
        "rule": "the earliest candidate within one standard error of the best",
        "candidates": results,
        "n_folds": len(folds),
        "budget_s": cap_s,
        "capped": capped,
        "elapsed_s": round(clock() - start, 2),
    }
    return record, artifacts.get(chosen)


def _better_half(
    alive: list[str], scores: dict[str, list[dict[str, float]]], order: list[str]
) -> list[str]:
    """The better half (rounded up) of the scored candidates, ranked by `choose` itself (its
    choice first, then its choice among the rest, ...), so the halving never drops the
    candidate the final rule would prefer."""
    remaining = {c: _aggregate(scores[c], 0.0) for c in alive if scores[c]}
    ranked = []
    while remaining:
        ranked.append(choose(remaining, order))
        del remaining[ranked[-1]]
    kept = set(ranked[: max(1, -(-len(ranked) // 2))])
    return [c for c in alive if c in kept]


def _results(
    candidates: list[str],
    alive: list[str],
    scores: dict[str, list[dict[str, float]]],
    seconds: dict[str, float],
) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for c in candidates:
        if not scores[c]:
            results[c] = {"skipped": "safety cap reached", "balanced_accuracy": None}
            continue
        results[c] = _aggregate(scores[c], seconds[c])
        if c not in alive:
            results[c]["eliminated_after_fold"] = len(scores[c])
    return results


def _aggregate(fold_scores: list[dict[str, float]], seconds: float) -> dict[str, Any]:
    return {
        "balanced_accuracy": float(np.mean([s["balanced_accuracy"] for s in fold_scores])),
        "accuracy": float(np.mean([s["accuracy"] for s in fold_scores])),
        "log_loss": float(np.mean([s["log_loss"] for s in fold_scores])),
        "fold_balanced_accuracy": [float(s["balanced_accuracy"]) for s in fold_scores],
        "n": int(sum(s.get("n", 0) for s in fold_scores)),
        "seconds": round(seconds, 2),
    }

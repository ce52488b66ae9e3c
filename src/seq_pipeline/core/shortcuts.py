"""Shortcut checks: how well one per-sequence number predicts the label on its own.

A model that scores well only through a shortcut (a column filled in after the outcome, a
record number of an export sorted by class, sequences whose length gives the class away) looks
like one that learned. The tell is that a single number per sequence already predicts the
label. Its *solo score* is the cross-validated balanced accuracy of a tiny model on that number
alone: the number is cut into at most `bins` quantile bins (one per value when it has few, so a
category code is read as one), each bin predicts the class it holds more of relative to the
class sizes, and each held-out row is scored by the bin fitted on the other folds (a tie counts
half). The same folds under shuffled labels give the permutation null, in one matrix product
per fold. Pure NumPy: the audit stage calls these on a bounded sample of training rows.
"""

from __future__ import annotations

import numpy as np

SUMMARIES = ("mean", "std", "min", "max")


def sequence_summaries(x: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
    """Per-sequence mean, std, min and max of every feature over real steps: (N, F) each."""
    real = mask[:, :, None] & np.isfinite(x)
    count = real.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(real, x, 0.0).astype("float64")
        mean = values.sum(axis=1) / count
        var = (np.where(real, x - mean[:, None, :], 0.0) ** 2).sum(axis=1) / count
        low = np.where(real, x, np.inf).min(axis=1)
        high = np.where(real, x, -np.inf).max(axis=1)
    empty = count == 0
    out = {"mean": mean, "std": np.sqrt(var), "min": low, "max": high}
    return {name: np.where(empty, np.nan, v) for name, v in out.items()}


def within_sequence_share(x: np.ndarray, mask: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Share of each feature's variance that lies within sequences (0: constant in each)."""
    real = mask[:, :, None] & np.isfinite(x)
    within = (np.where(real, x - mean[:, None, :], 0.0) ** 2).sum(axis=(0, 1))
    grand = np.nanmean(np.where(real, x, np.nan), axis=(0, 1))
    total = (np.where(real, x - grand, 0.0) ** 2).sum(axis=(0, 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, within / total, 1.0)


def row_order_correlation(values: np.ndarray) -> np.ndarray:
    """Spearman correlation of each column of (N, K) `values` with row order (NaN-safe)."""
    n, k = values.shape
    out = np.zeros(k)
    for j in range(k):
        column = values[:, j]
        keep = np.isfinite(column)
        if keep.sum() < 3 or np.ptp(column[keep]) == 0:
            continue
        rank = np.argsort(np.argsort(column[keep], kind="stable"), kind="stable")
        out[j] = float(np.corrcoef(rank, np.arange(n)[keep])[0, 1])
    return out


def identifier_values(ids: np.ndarray) -> tuple[np.ndarray, str]:
    """Sequence ids as numbers when every one parses as a number, else their sorted order."""
    try:
        numbers = np.asarray(ids, dtype="float64")
        if np.isfinite(numbers).all():
            return numbers, "numeric value"
    except ValueError:
        pass
    return np.unique(np.asarray(ids, dtype=str), return_inverse=True)[1].astype("float64"), "order"


def length_summaries(mask: np.ndarray) -> dict[str, np.ndarray]:
    """Per-sequence length, first real step and padding after the last real step."""
    steps = mask.shape[1]
    real = mask.any(axis=1)
    first = np.where(real, mask.argmax(axis=1), steps)
    last = np.where(real, steps - 1 - mask[:, ::-1].argmax(axis=1), -1)
    return {
        "length": mask.sum(axis=1).astype("float64"),
        "first real step": first.astype("float64"),
        "padding after the end": (steps - 1 - last).astype("float64"),
    }


def bin_codes(values: np.ndarray, bins: int) -> np.ndarray:
    """Bin index per row: one per distinct value when there are few, else quantile bins."""
    codes = np.full(len(values), 0, dtype=np.int64)
    finite = np.isfinite(values)
    distinct = np.unique(values[finite])
    if len(distinct) <= bins:
        codes[finite] = np.searchsorted(distinct, values[finite])
    else:
        edges = np.unique(np.quantile(values[finite], np.linspace(0, 1, bins + 1)[1:-1]))
        codes[finite] = np.searchsorted(edges, values[finite], side="right")
    codes[~finite] = codes.max() + 1 if finite.any() else 0  # missing values: a bin of their own
    return codes


def solo_scores(
    values: np.ndarray,
    y: np.ndarray,
    *,
    n_permutations: int,
    folds: int,
    bins: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Cross-validated balanced accuracy of each column of (n, K) `values` alone, and its null.

    Returns the observed scores (K,) and the scores under `n_permutations` label shuffles
    (n_permutations, K); the folds and shuffles are the same for every column, so the null of
    the best of several columns is the best of their nulls.
    """
    y = np.asarray(y).astype(np.int64)
    rng = np.random.default_rng(seed)
    labels = np.vstack([y] + [rng.permutation(y) for _ in range(n_permutations)]).astype(float)
    fold = rng.permutation(len(y)) % folds
    scores = (
        np.column_stack(
            [
                _cross_validated(bin_codes(values[:, j], bins), labels, fold, folds)
                for j in range(values.shape[1])
            ]
        )
        if values.shape[1]
        else np.zeros((n_permutations + 1, 0))
    )
    return scores[0], scores[1:]


def _cross_validated(
    codes: np.ndarray, labels: np.ndarray, fold: np.ndarray, folds: int
) -> np.ndarray:
    """Balanced accuracy of the per-bin classifier for each label row (observed + shuffles)."""
    one_hot = np.zeros((len(codes), int(codes.max()) + 1))
    one_hot[np.arange(len(codes)), codes] = 1.0
    n_pos = labels.sum(axis=1)
    n_neg = labels.shape[1] - n_pos
    credit_pos = np.zeros(len(labels))
    credit_neg = np.zeros(len(labels))
    for k in range(folds):
        train, held = fold != k, fold == k
        if not held.any():
            continue
        positives = labels[:, train] @ one_hot[train]  # (P+1, bins)
        negatives = one_hot[train].sum(axis=0) - positives
        train_pos = labels[:, train].sum(axis=1, keepdims=True)
        train_neg = train.sum() - train_pos
        with np.errstate(invalid="ignore", divide="ignore"):
            lean = np.nan_to_num(positives / train_pos) - np.nan_to_num(negatives / train_neg)
        vote = np.sign(lean[:, codes[held]])  # +1 positive, -1 negative, 0 tie
        truth = labels[:, held]
        credit_pos += (truth * (vote + 1) / 2).sum(axis=1)
        credit_neg += ((1 - truth) * (1 - vote) / 2).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = 0.5 * (credit_pos / n_pos + credit_neg / n_neg)
    return np.where((n_pos > 0) & (n_neg > 0), score, 0.5)


def p_value(observed: float, null: np.ndarray) -> float:
    """One-sided permutation p-value, (k + 1) / (n + 1)."""
    return float((1 + np.sum(null >= observed - 1e-12)) / (1 + len(null)))

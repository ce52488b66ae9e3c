"""Shift between train and test: do the two splits come from the same distribution?

Only a split the user gave can shift: a test split carved at random from the same pool is
exchangeable with train by construction, so any "shift" found there would be a false alarm.
The check therefore runs only when the test sequences were given (a `split` column, separate
files, an official benchmark split) and says so otherwise.

Two views, both on per-sequence summaries (mean, std, min, max, slope, first differences per
feature, and length) of the training-scaled values, on capped samples:
- per summary, a two-sample Kolmogorov–Smirnov test, Holm-corrected over all summaries, which
  names the features that moved;
- a domain classifier (closed-form ridge on the summaries, k-fold out-of-fold scores) whose
  ROC AUC at telling train from test is compared with a label-permutation null.
The flag needs both (a family-wise significant feature and a significant domain AUC), and an
AUC of at least `auc_min`, so that a huge test split does not flag a negligible shift. Each
moved feature is described as an offset (change of the mean, in training stds) and/or a scale
(ratio of stds).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from seq_pipeline.core.preprocessing import (
    SUMMARY_STATS,
    fit_scaling_stats,
    standardize,
    summary_features,
)
from seq_pipeline.core.scoring import permutation_p_value
from seq_pipeline.pipelines.audit.checks import finding
from seq_pipeline.pipelines.audit.leakage import sample_rows

# Reporting only (they never raise the flag): the smallest offset and scale change named.
OFFSET_NAMED = 0.2  # training stds
SCALE_NAMED = 1.2  # std ratio (or its inverse)
N_FOLDS = 5


def user_gave_test(sequences: dict[str, np.ndarray]) -> bool:
    """Whether the user's split column put sequences in `test` (else test was carved)."""
    given = sequences.get("split")
    return given is not None and bool(np.any(np.asarray(given) == "test"))


def distribution_shift(
    *,
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    significance: float,
    auc_min: float,
    n_permutations: int,
    max_rows: int,
    seed: int,
) -> dict[str, Any]:
    """KS tests per summary (Holm) and a domain classifier vs a permutation null, train vs test."""
    if not user_gave_test(sequences):
        return finding(
            False,
            "test split carved at random from the same pool: train and test are exchangeable "
            "by construction, shift not tested",
            tested=False,
        )
    rng = np.random.default_rng(seed)
    train = sample_rows(split["train"], max_rows, rng)
    test = sample_rows(split["test"], max_rows, rng)
    if min(len(train), len(test)) < N_FOLDS:
        return finding(False, "too few train or test sequences to test for shift", tested=False)
    x, mask = sequences["X"], sequences["mask"]
    stats = fit_scaling_stats(sequences, train)
    z_train = standardize(x[train], mask[train], stats["mean"], stats["std"])
    z_test = standardize(x[test], mask[test], stats["mean"], stats["std"])
    names = sequences["feature_names"].tolist()
    columns = [f"{n}:{s}" for s in SUMMARY_STATS for n in names] + ["length"]
    s_train, s_test = summary_features(z_train), summary_features(z_test)
    p_values = _ks_p_values(s_train, s_test)
    adjusted = holm(p_values)
    significant = {c for c, p in zip(columns, adjusted, strict=True) if p <= significance}
    moved = _describe_features(names, z_train, z_test, significant)
    domain = domain_classifier(s_train, s_test, n_permutations, rng)
    flag = bool(moved) and domain["p_value"] <= significance and domain["roc_auc"] >= auc_min
    return finding(
        flag,
        _summary(flag, moved, domain, len(train), len(test)),
        tested=True,
        n_train=len(train),
        n_test=len(test),
        moved_features=moved,
        domain_classifier=domain,
        ks_holm_p={c: round(float(p), 6) for c, p in zip(columns, adjusted, strict=True)},
    )


def holm(p_values: np.ndarray) -> np.ndarray:
    """Holm–Bonferroni adjusted p-values (family-wise error control, any dependence)."""
    p = np.asarray(p_values, dtype=float)
    order = np.argsort(p)
    scaled = np.minimum(1.0, p[order] * (len(p) - np.arange(len(p))))
    adjusted = np.empty_like(p)
    adjusted[order] = np.maximum.accumulate(scaled)
    return adjusted


def _ks_p_values(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Two-sample KS p-value per column, ignoring missing values; 1 where a side is empty."""
    from scipy.stats import ks_2samp  # noqa: PLC0415

    p = np.ones(a.shape[1])
    for j in range(a.shape[1]):
        left, right = a[:, j][np.isfinite(a[:, j])], b[:, j][np.isfinite(b[:, j])]
        if len(left) and len(right) and np.ptp(np.concatenate([left, right])) > 0:
            p[j] = ks_2samp(left, right).pvalue
    return p


def _describe_features(
    names: list[str], z_train: np.ndarray, z_test: np.ndarray, significant: set[str]
) -> dict[str, dict[str, Any]]:
    """Features with a significant summary: offset (training stds), scale (std ratio), how."""
    moved = {}
    for j, name in enumerate(names):
        stats = sorted(s.split(":")[1] for s in significant if s.split(":")[0] == name)
        if not stats:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            offset = float(np.nanmean(z_test[..., j]) - np.nanmean(z_train[..., j]))
            scale = float(np.nanstd(z_test[..., j]) / np.nanstd(z_train[..., j]))
        how = []
        if abs(offset) >= OFFSET_NAMED:
            how.append(f"offset {offset:+.2f} std")
        if scale >= SCALE_NAMED or scale <= 1 / SCALE_NAMED:
            how.append(f"scale ×{scale:.2f}")
        if not how:
            how.append(f"shape ({', '.join(stats)})")
        moved[name] = {"offset": offset, "scale": scale, "stats": stats, "how": "; ".join(how)}
    if "length" in significant:
        moved["length"] = {"offset": None, "scale": None, "stats": [], "how": "sequence length"}
    return moved


def domain_classifier(
    s_train: np.ndarray, s_test: np.ndarray, n_permutations: int, rng: np.random.Generator
) -> dict[str, Any]:
    """Out-of-fold ROC AUC of a ridge train-vs-test classifier, and its permutation null.

    The ridge fit is closed-form, so the true domain labels and every permutation are solved
    in one linear system per fold; AUC is rank-based, so the class sizes need not match.
    """
    from scipy.stats import rankdata  # noqa: PLC0415

    features = np.nan_to_num(np.vstack([s_train, s_test]))
    spread = features.std(axis=0)
    features = (features - features.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    features = np.column_stack([features, np.ones(len(features))])
    domain = np.r_[np.zeros(len(s_train), bool), np.ones(len(s_test), bool)]
    labels = np.column_stack([domain] + [rng.permutation(domain) for _ in range(n_permutations)])
    folds = rng.permutation(len(domain)) % N_FOLDS
    scores = np.empty(labels.shape)
    ridge = np.eye(features.shape[1])
    for k in range(N_FOLDS):
        fit, held = folds != k, folds == k
        a = features[fit]
        weights = np.linalg.solve(a.T @ a + ridge, a.T @ np.where(labels[fit], 1.0, -1.0))
        scores[held] = features[held] @ weights
    ranks = rankdata(scores, axis=0)
    n1, n0 = len(s_test), len(s_train)
    auc = ((ranks * labels).sum(axis=0) - n1 * (n1 + 1) / 2) / (n1 * n0)
    observed, null = float(auc[0]), auc[1:]
    return {
        "model": "ridge on per-sequence summaries, 5-fold out-of-fold scores",
        "roc_auc": observed,
        "null_95th_percentile": float(np.percentile(null, 95)),
        "n_permutations": n_permutations,
        "p_value": permutation_p_value(observed, null),
    }


def _summary(flag: bool, moved: dict, domain: dict, n_train: int, n_test: int) -> str:
    auc = (
        f"a train-vs-test classifier reaches ROC AUC {domain['roc_auc']:.2f} "
        f"(permutation null 95th percentile {domain['null_95th_percentile']:.2f}, "
        f"p = {domain['p_value']:.3f}; {n_train} train vs {n_test} test sequences)"
    )
    if flag:
        features = "; ".join(f"{n}: {m['how']}" for n, m in moved.items())
        return f"test distribution differs from train — {features}; {auc}"
    return f"no shift that matters between train and test: {auc}"

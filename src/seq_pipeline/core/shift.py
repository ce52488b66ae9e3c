"""Two-sample shift test on per-sequence summaries: do two sets of sequences differ?

Both sides are standardized with the reference side's statistics. Per summary (mean, std,
min, max, slope, first differences per feature, and length), a two-sample Kolmogorov–Smirnov
test, Holm-corrected over all summaries, names the features that moved; a domain classifier
(closed-form ridge, k-fold out-of-fold scores) says how well the two sides can be told apart,
against a label-permutation null. A shift needs both (a family-wise significant feature and a
significant domain AUC) and an AUC of at least `auc_min`, so that a huge sample does not flag a
negligible shift. The audit compares train with a given test split; inference compares a new
batch with the training data.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from seq_pipeline.core.preprocessing import SUMMARY_STATS, summary_features
from seq_pipeline.core.scoring import permutation_p_value

# Reporting only (they never raise the flag): the smallest offset and scale change named.
OFFSET_NAMED = 0.2  # training stds
SCALE_NAMED = 1.2  # std ratio (or its inverse)
N_FOLDS = 5


def sample_rows(rows: np.ndarray, cap: int, rng: np.random.Generator) -> np.ndarray:
    """At most `cap` of `rows`, sorted; all of them when there are few enough."""
    if len(rows) <= cap:
        return np.asarray(rows)
    return np.sort(rng.choice(rows, cap, replace=False))


def two_sample_shift(
    z_reference: np.ndarray,
    z_other: np.ndarray,
    names: list[str],
    *,
    significance: float,
    auc_min: float,
    n_permutations: int,
    rng: np.random.Generator,
) -> dict[str, Any]:
    """Whether standardized `z_other` (N, T, F; NaN padding) differs from `z_reference`."""
    columns = [f"{n}:{s}" for s in SUMMARY_STATS for n in names] + ["length"]
    s_reference, s_other = summary_features(z_reference), summary_features(z_other)
    adjusted = holm(_ks_p_values(s_reference, s_other))
    significant = {c for c, p in zip(columns, adjusted, strict=True) if p <= significance}
    moved = _describe_features(names, z_reference, z_other, significant)
    domain = domain_classifier(s_reference, s_other, n_permutations, rng)
    flag = bool(moved) and domain["p_value"] <= significance and domain["roc_auc"] >= auc_min
    return {
        "flag": flag,
        "moved_features": moved,
        "domain_classifier": domain,
        "ks_holm_p": {c: round(float(p), 6) for c, p in zip(columns, adjusted, strict=True)},
    }


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

"""Data checks: named findings with numbers, computed before any model is trained.

Every check returns a dict with `flag` (bool: something to act on), `summary` (one sentence)
and the numbers behind it. Statistics here are for reporting only and never feed the model.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from seq_pipeline.core.preprocessing import fit_scaling_stats, flat_features, standardize
from seq_pipeline.core.splits import shared_groups


def finding(flag: bool, summary: str, **numbers: Any) -> dict[str, Any]:
    """One named check result: whether it needs attention, why, and the evidence."""
    return {"flag": bool(flag), "summary": summary, **numbers}


def feature_scale(
    x: np.ndarray, mask: np.ndarray, names: list[str], ratio_max: float, offset_ratio: float
) -> dict[str, Any]:
    """Per-feature mean/std/min/max over real steps; flags scale spread and large offsets."""
    values = x[mask].astype("float64")
    finite = np.isfinite(values)
    with np.errstate(invalid="ignore"):
        mean = np.nanmean(np.where(finite, values, np.nan), axis=0)
        std = np.nanstd(np.where(finite, values, np.nan), axis=0)
        low = np.nanmin(np.where(finite, values, np.inf), axis=0)
        high = np.nanmax(np.where(finite, values, -np.inf), axis=0)
    magnitude = np.sqrt(np.nan_to_num(mean) ** 2 + np.nan_to_num(std) ** 2)
    live = magnitude > 0
    ratio = float(magnitude[live].max() / magnitude[live].min()) if live.sum() > 1 else 1.0
    offset = [n for n, m, s in zip(names, mean, std, strict=True) if abs(m) > offset_ratio * s]
    per_feature = {
        n: {"mean": float(m), "std": float(s), "min": float(lo), "max": float(hi)}
        for n, m, s, lo, hi in zip(names, mean, std, low, high, strict=True)
    }
    flag = ratio > ratio_max or bool(offset)
    parts = []
    if ratio > ratio_max:
        parts.append(f"raw feature scales differ by a factor {ratio:.1e}")
    if offset:
        parts.append(f"|mean| ≫ std for {offset}")
    summary = (
        "; ".join(parts) if parts else f"feature scales within a factor {ratio:.1f} of each other"
    )
    return finding(flag, summary, scale_ratio=ratio, offset_features=offset, features=per_feature)


def label_balance(y: np.ndarray, split: dict[str, np.ndarray], minority_max: float) -> dict:
    """Positive rate overall and per split; flags a minority class below `minority_max`."""
    rate = float(y.mean())
    minority = min(rate, 1 - rate)
    per_split = {name: float(y[idx].mean()) for name, idx in split.items() if len(idx)}
    return finding(
        minority < minority_max,
        f"{rate:.1%} positive (minority share {minority:.1%})",
        positive_rate=rate,
        minority_share=minority,
        majority_rate=1 - minority,
        positive_rate_by_split=per_split,
    )


def constant_features(
    x: np.ndarray, mask: np.ndarray, names: list[str], dominant_share: float
) -> dict[str, Any]:
    """Features that are constant or take one value on ≥ `dominant_share` of real steps."""
    values = x[mask]
    shares = {}
    for j, name in enumerate(names):
        column = values[:, j]
        column = column[np.isfinite(column)]
        if len(column) == 0:
            shares[name] = 1.0
            continue
        _, counts = np.unique(column, return_counts=True)
        shares[name] = float(counts.max() / len(column))
    constant = [n for n, s in shares.items() if s >= dominant_share]
    summary = f"constant or near-constant: {constant}" if constant else "no constant features"
    return finding(bool(constant), summary, features=constant, most_common_value_share=shares)


def missing_steps(x: np.ndarray, mask: np.ndarray, names: list[str], max_fraction: float) -> dict:
    """Fraction of padded steps, and of missing (NaN) values among real steps per feature."""
    padded = float(1 - mask.mean()) if mask.size else 0.0
    real = x[mask]
    missing = {
        n: float(np.isnan(real[:, j]).mean()) if len(real) else 0.0 for j, n in enumerate(names)
    }
    worst = max(missing.values(), default=0.0)
    return finding(
        padded > max_fraction or worst > max_fraction,
        f"{padded:.1%} of steps are padding; worst feature {worst:.1%} missing",
        padded_step_fraction=padded,
        missing_fraction=missing,
    )


def label_order(y: np.ndarray, z_max: float) -> dict[str, Any]:
    """Wald–Wolfowitz runs test on labels in row order: are rows sorted or clustered by label?"""
    y = y.astype(int)
    n1, n0 = int(y.sum()), int(len(y) - y.sum())
    n = n1 + n0
    runs = int(1 + np.count_nonzero(np.diff(y))) if n else 0
    if n1 == 0 or n0 == 0:
        return finding(False, "one class only: order undefined", runs=runs, z=0.0)
    expected = 1 + 2 * n1 * n0 / n
    variance = 2 * n1 * n0 * (2 * n1 * n0 - n) / (n**2 * (n - 1)) if n > 1 else 0.0
    z = float((runs - expected) / np.sqrt(variance)) if variance > 0 else 0.0
    ordered = bool(np.all(np.diff(y) >= 0) or np.all(np.diff(y) <= 0))
    flag = ordered or z < -z_max
    summary = (
        "rows are sorted by label: a take/skip split would put one class in test"
        if ordered
        else f"label runs in row order: {runs} vs {expected:.0f} expected (z={z:.1f})"
    )
    return finding(flag, summary, runs=runs, expected_runs=float(expected), z=z, sorted=ordered)


def split_overlap(
    *,
    x: np.ndarray,
    mask: np.ndarray,
    y: np.ndarray,
    split: dict[str, np.ndarray],
    tolerance: float,
    max_rows: int,
    seed: int,
) -> dict[str, Any]:
    """Exact and near-duplicate sequences shared between train and val/test (leak audit)."""
    train = split["train"]
    stats = fit_scaling_stats({"X": x, "mask": mask}, train)
    flat = flat_features(standardize(x, mask, stats["mean"], stats["std"]), mask)
    keys = {row.tobytes(): i for i, row in zip(train, np.round(flat[train], 12), strict=True)}
    rng = np.random.default_rng(seed)
    out: dict[str, Any] = {}
    for name in ("val", "test"):
        held = split.get(name, np.array([], dtype=int))
        exact = [
            i
            for i, row in zip(held, np.round(flat[held], 12), strict=True)
            if row.tobytes() in keys
        ]
        sample = held if len(held) <= max_rows else rng.choice(held, max_rows, replace=False)
        train_sample = train if len(train) <= max_rows else rng.choice(train, max_rows, False)
        near, same_label = _near_duplicates(flat, y, sample, train_sample, tolerance)
        out[name] = {
            "n": len(held),
            "exact_duplicates": len(exact),
            "near_duplicates": near,
            "near_checked": len(sample),
            "near_duplicate_fraction": near / len(sample) if len(sample) else 0.0,
            "same_label_share": same_label,
        }
    test = out["test"]
    flag = (
        test["exact_duplicates"] > 0
        or test["near_duplicates"] > 0
        or out["val"]["exact_duplicates"] > 0
    )
    summary = (
        f"{max(test['exact_duplicates'], test['near_duplicates'])} of {test['n']} test "
        f"sequence(s) also in train ({test['exact_duplicates']} exact; "
        f"{test['near_duplicates']} of {test['near_checked']} checked within {tolerance:g} std)"
        if flag
        else "no test sequence duplicates a training one"
    )
    return finding(flag, summary, tolerance=tolerance, **out)


def _near_duplicates(flat, y, held, train, tolerance: float) -> tuple[int, float | None]:
    """Held-out rows whose nearest training row lies within `tolerance` (RMS, standard units)."""
    if len(held) == 0 or len(train) == 0:
        return 0, None
    a, b = flat[held], flat[train]
    b_sq = (b**2).sum(axis=1)
    nearest = np.empty(len(held), dtype=int)
    distance = np.empty(len(held))
    for start in range(0, len(held), 512):
        chunk = a[start : start + 512]
        d2 = (chunk**2).sum(axis=1)[:, None] + b_sq[None, :] - 2 * chunk @ b.T
        nearest[start : start + 512] = d2.argmin(axis=1)
        distance[start : start + 512] = np.sqrt(np.maximum(d2.min(axis=1), 0) / a.shape[1])
    close = distance <= tolerance
    if not close.any():
        return 0, None
    agree = float(np.mean(y[held][close] == y[train][nearest[close]]))
    return int(close.sum()), agree


def group_overlap(groups: np.ndarray | None, split: dict[str, np.ndarray]) -> dict[str, Any]:
    """Groups (patients, devices, …) present in more than one split."""
    if groups is None:
        return finding(False, "no group column", shared_groups=0, examples=[])
    shared = shared_groups(groups, split)
    return finding(
        bool(shared),
        f"{len(shared)} group(s) appear in more than one split",
        shared_groups=len(shared),
        examples=shared[:10],
    )

"""Learned preprocessing: scaling statistics from training rows, and the standardized views.

Statistics are fitted on training rows only (the leakage rule) and every consumer — the
model's scaling layer, the baselines, the data checks — standardizes with the same function,
so a scaler bug shows everywhere at once instead of hiding in one copy.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

# Below this minority share, "auto" class weighting switches on.
IMBALANCE_SHARE = 0.4

SUMMARY_STATS = ("mean", "std", "min", "max", "slope", "diff_mean", "diff_std", "diff_absmax")


def fit_scaling_stats(sequences: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    """Per-feature mean and std over the real (unpadded, non-missing) steps of `rows`."""
    values = sequences["X"][rows][sequences["mask"][rows]].astype("float64")
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(values, axis=0) if len(values) else np.zeros(values.shape[1])
        std = np.nanstd(values, axis=0) if len(values) else np.ones(values.shape[1])
    # A constant feature would divide by zero; scaling it by 1 leaves it harmlessly constant.
    std = np.where(np.isfinite(std) & (std > 0), std, 1.0)
    mean = np.where(np.isfinite(mean), mean, 0.0)
    return {"mean": mean, "std": std, "n_steps": len(values)}


def standardize(
    x: np.ndarray, mask: np.ndarray, mean: Any, std: Any, fill: float = np.nan
) -> np.ndarray:
    """(N, T, F) values scaled by the given statistics; `fill` at missing and padded steps."""
    z = (x.astype("float64") - np.asarray(mean, dtype="float64")) / np.asarray(std, "float64")
    return np.where(np.isfinite(z) & mask[..., None], z, fill)


def scaler_standardize(sequences: dict[str, np.ndarray], scaler: dict[str, Any]) -> np.ndarray:
    """Standardize canonical tensors with a stored `scaler` (NaN where nothing was observed)."""
    return standardize(sequences["X"], sequences["mask"], scaler["mean"], scaler["std"])


def flat_features(z: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The flattened standardized sequence (gaps → 0, the training mean) plus its mask."""
    flat = np.nan_to_num(z, nan=0.0).reshape(len(z), -1)
    return np.concatenate([flat, mask.astype("float64")], axis=1)


def summary_features(z: np.ndarray) -> np.ndarray:
    """Per-sequence, per-feature mean, std, min, max, slope and first-difference stats."""
    steps = np.arange(z.shape[1], dtype="float64")[None, :, None]
    valid = np.isfinite(z)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(z, axis=1)
        t = np.where(valid, steps, np.nan)
        t_c = t - np.nanmean(t, axis=1, keepdims=True)
        slope = np.nansum(t_c * (z - mean[:, None, :]), axis=1) / np.nansum(t_c**2, axis=1)
        diff = np.diff(z, axis=1)
        stats = [
            mean,
            np.nanstd(z, axis=1),
            np.nanmin(z, axis=1),
            np.nanmax(z, axis=1),
            slope,
            np.nanmean(diff, axis=1),
            np.nanstd(diff, axis=1),
            np.nanmax(np.abs(diff), axis=1),
        ]
    length = valid.any(axis=2).sum(axis=1, keepdims=True).astype("float64")
    return np.concatenate([*stats, length], axis=1)


def class_weights(y: np.ndarray, mode: str) -> dict[int, float] | None:
    """Balanced class weights when asked for, or when `auto` and the minority is rare."""
    counts = np.bincount(y.astype(int), minlength=2)
    minority_share = counts.min() / counts.sum()
    if mode == "none" or (mode == "auto" and minority_share >= IMBALANCE_SHARE):
        return None
    return {c: float(counts.sum() / (2 * counts[c])) for c in (0, 1)}

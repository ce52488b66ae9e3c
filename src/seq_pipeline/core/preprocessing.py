"""Learned preprocessing: scaling statistics from training rows, and the standardized views.

Statistics are fitted on training rows only (the leakage rule) and every consumer — the
model's scaling layer, the baselines, the data checks — standardizes with the same function,
so a scaler bug shows everywhere at once instead of hiding in one copy.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from functools import reduce
from typing import Any

import numpy as np

# Below this minority share, "auto" class weighting switches on.
IMBALANCE_SHARE = 0.4

SUMMARY_STATS = ("mean", "std", "min", "max", "slope", "diff_mean", "diff_std", "diff_absmax")


def fit_scaling_stats(sequences: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    """Per-feature mean and std over the real (unpadded, non-missing) steps of `rows`."""
    return scaling_stats(scaling_moments(sequences["X"][rows], sequences["mask"][rows]))


def stream_scaling_stats(chunks: Iterable[tuple[np.ndarray, np.ndarray]]) -> dict[str, Any]:
    """`fit_scaling_stats` in one pass over (X, mask) chunks (e.g. the training rows of each
    shard), holding one chunk at a time: the chunks' moments are merged exactly (Chan et al.)."""
    moments = reduce(combine_moments, (scaling_moments(x, mask) for x, mask in chunks), None)
    if moments is None:
        raise ValueError("No chunks to fit scaling statistics on")
    return scaling_stats(moments)


def scaling_moments(x: np.ndarray, mask: np.ndarray) -> dict[str, Any]:
    """Per-feature count, mean and sum of squared deviations of the real, non-NaN steps."""
    values = x[mask].astype("float64")
    observed = ~np.isnan(values)
    count = observed.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(observed, values, 0.0).sum(axis=0) / count  # NaN where none observed
        m2 = np.square(np.where(observed, values - mean, 0.0)).sum(axis=0)
    return {"count": count, "mean": mean, "m2": m2, "n_steps": len(values)}


def combine_moments(a: dict[str, Any] | None, b: dict[str, Any]) -> dict[str, Any]:
    """The moments of two disjoint sets of steps from theirs (Chan, Golub & LeVeque 1979)."""
    if a is None:
        return b
    n = a["count"] + b["count"]
    with np.errstate(invalid="ignore", divide="ignore"):
        delta = b["mean"] - a["mean"]
        mean = a["mean"] + delta * b["count"] / n
        m2 = a["m2"] + b["m2"] + np.square(delta) * a["count"] * b["count"] / n
    # A side with nothing observed has a NaN mean: the other side's moments stand.
    mean = np.where(a["count"] == 0, b["mean"], np.where(b["count"] == 0, a["mean"], mean))
    m2 = np.where(a["count"] == 0, b["m2"], np.where(b["count"] == 0, a["m2"], m2))
    return {"count": n, "mean": mean, "m2": m2, "n_steps": a["n_steps"] + b["n_steps"]}


def scaling_stats(moments: dict[str, Any]) -> dict[str, Any]:
    """Mean and population std from moments; unobserved or constant features get 0 and 1."""
    with np.errstate(invalid="ignore", divide="ignore"):
        std = np.sqrt(moments["m2"] / moments["count"])
    mean = moments["mean"]
    # A constant feature would divide by zero; scaling it by 1 leaves it harmlessly constant.
    std = np.where(np.isfinite(std) & (std > 0), std, 1.0)
    mean = np.where(np.isfinite(mean), mean, 0.0)
    return {"mean": mean, "std": std, "n_steps": moments["n_steps"]}


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


def fit_scaler(sequences: dict[str, np.ndarray], split: dict[str, np.ndarray]) -> dict[str, Any]:
    """Per-feature mean and std over the real steps of training rows only (the leakage rule)."""
    stats = fit_scaling_stats(sequences, split["train"])
    return scaler_record(sequences["feature_names"], stats, len(split["train"]))


def scaler_record(feature_names: Any, stats: dict[str, Any], n_train: int) -> dict[str, Any]:
    """The `scaler` artifact: JSON-ready statistics, whichever way they were computed."""
    return {
        "feature_names": [str(f) for f in feature_names],
        "mean": stats["mean"].tolist(),
        "std": stats["std"].tolist(),
        "n_train_sequences": n_train,
        "n_train_steps": stats["n_steps"],
    }

"""Deterministic demo data of the shape the project is built for (9585 × 25 × 2, binary).

The label is the *order* of two events: a pulse in `pressure` and a pulse in `flow`. Class 1
means the flow pulse comes after the pressure pulse. Per-sequence summaries (mean, max, std)
are identical for both classes, so only a model that reads the sequence in time order can
learn it. Raw scales mimic real sensors that differ by ~1e6 (pressure ≈ 5e4 ± 2e3,
flow ≈ 0 ± 1e-3): fed raw to an LSTM, pressure saturates every gate and flow is invisible.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import ConfigDict, Field

from seq_pipeline.core.formats import long_table
from seq_pipeline.core.parameters import Options

FEATURES = ("pressure", "flow")
# Raw (offset, scale) per feature: the standardized signal z becomes offset + scale * z.
RAW_SCALES = {"pressure": (5.0e4, 2.0e3), "flow": (0.0, 1.0e-3)}


class DemoOptions(Options):
    """Where and how large the demo dataset is; a misspelt key is an error, not ignored."""

    model_config = ConfigDict(extra="forbid")

    path: str
    n_sequences: int = Field(gt=0)
    n_steps: int = Field(ge=2)
    seed: int = Field(ge=0)


def make_event_sequences(
    n_sequences: int,
    n_steps: int,
    seed: int,
    pulse_height: float = 4.0,
    positive_fraction: float = 0.5,
    noise_ar: float = 0.3,
) -> tuple[np.ndarray, np.ndarray]:
    """Standardized (N, T, 2) sequences whose label is the order of two pulses."""
    if n_steps < 8:
        raise ValueError(f"n_steps must be at least 8 to place two pulses, got {n_steps}")
    rng = np.random.default_rng(seed)
    y = (rng.random(n_sequences) < positive_fraction).astype(np.int8)
    noise = rng.standard_normal((n_sequences, n_steps, 2))
    for t in range(1, n_steps):
        noise[:, t] = noise_ar * noise[:, t - 1] + np.sqrt(1 - noise_ar**2) * noise[:, t]
    first, second = _pulse_times(rng, n_sequences, n_steps)
    # Class 1: pressure pulse first, flow second; class 0: the reverse.
    t_pressure = np.where(y == 1, first, second)
    t_flow = np.where(y == 1, second, first)
    steps = np.arange(n_steps)[None, :]
    x = noise
    x[:, :, 0] += pulse_height * np.exp(-0.5 * (steps - t_pressure[:, None]) ** 2)
    x[:, :, 1] += pulse_height * np.exp(-0.5 * (steps - t_flow[:, None]) ** 2)
    return x.astype(np.float64), y


def _pulse_times(rng: np.random.Generator, n: int, n_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Two pulse positions per sequence, at least 2 steps apart, away from the edges."""
    first = rng.integers(1, n_steps - 4, size=n)
    gap = rng.integers(2, n_steps - 1 - first)
    return first, first + gap


def to_raw_scale(x_standard: np.ndarray) -> np.ndarray:
    """Apply each feature's sensor offset and scale (see `RAW_SCALES`)."""
    offsets = np.array([RAW_SCALES[f][0] for f in FEATURES])
    scales = np.array([RAW_SCALES[f][1] for f in FEATURES])
    return offsets + scales * x_standard


def to_long_table(x: np.ndarray, y: np.ndarray, feature_names: tuple[str, ...]) -> pd.DataFrame:
    """(N, T, F) arrays → one row per sequence × time step, the project's raw format."""
    return long_table(x, y, feature_names, [f"seq{i:06d}" for i in range(len(x))])


def generate_demo_table(
    n_sequences: int = 9585, n_steps: int = 25, seed: int = 2024
) -> pd.DataFrame:
    """The demo dataset as a long-format table with raw sensor scales."""
    x, y = make_event_sequences(n_sequences, n_steps, seed)
    return to_long_table(to_raw_scale(x), y, FEATURES)


def write_demo_file(path: str | Path, n_sequences: int, n_steps: int, seed: int) -> bool:
    """Write the demo Parquet file unless something already exists at `path`.

    Returns whether a file was written; an existing file (perhaps the user's) is never touched.
    """
    path = Path(path)
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".partial")
    generate_demo_table(n_sequences, n_steps, seed).to_parquet(tmp, index=False)
    tmp.rename(path)
    return True

"""Generated data with a shortcut, made the way real exports go wrong, and honest look-alikes.

Each returns canonical tensors (as `generated.as_sequences` builds them) from the project's
own generators with a fixed seed.
"""

from __future__ import annotations

import numpy as np

from tests.pipelines.diagnose.generated import SEED, as_sequences, noise_sequences, pulse_sequences


def with_feature(sequences: dict, name: str, values: np.ndarray) -> dict:
    """`sequences` with one more feature: (N,) values repeated over every step, or (N, T)."""
    x = sequences["X"]
    column = values if values.ndim == 2 else np.repeat(values[:, None], x.shape[1], axis=1)
    return {
        **sequences,
        "X": np.concatenate([x, column[:, :, None].astype(np.float32)], axis=2),
        "feature_names": np.append(sequences["feature_names"], name),
    }


def leaky_status(n: int = 800, agreement: float = 0.99, seed: int = SEED) -> dict:
    """No signal in the sequences, plus a status code filled in after the outcome.

    Codes 3 and 7 mostly mean positive, 1 and 5 negative (not ordered by class, as real codes
    are not); `agreement` of the sequences carry the code of their own class.
    """
    x, y = noise_sequences(n, seed=seed)
    rng = np.random.default_rng(seed + 1)
    honest = rng.random(n) < agreement
    label = np.where(honest, y, 1 - y)
    code = np.where(label == 1, rng.choice([3, 7], n), rng.choice([1, 5], n))
    return with_feature(as_sequences(x, y), "status", code.astype(float))


def export_sorted_by_class(n: int = 800, seed: int = SEED) -> dict:
    """No signal in the sequences; the file is written class by class with a row counter.

    The counter numbers the long table's rows (one per step), so it ramps within each
    sequence and across sequences in file order; `sequence_id` follows file order too.
    """
    x, y = noise_sequences(n, seed=seed)
    order = np.argsort(y, kind="stable")
    x, y = x[order], y[order]
    steps = x.shape[1]
    counter = np.arange(n * steps, dtype=float).reshape(n, steps)
    sequences = as_sequences(x, y)
    sequences["ids"] = np.array([str(1000 + i) for i in range(n)])  # numeric record ids
    return with_feature(sequences, "row_number", counter)


def length_differs_by_class(n: int = 800, seed: int = SEED, by_class: bool = True) -> dict:
    """No signal in the values; class 1 sequences are shorter (padding at the end).

    With `by_class=False` the values carry a real pulse and lengths vary as much, but
    independently of the label: recordings stopped at random, which predicts nothing.
    """
    x, y = noise_sequences(n, seed=seed) if by_class else pulse_sequences(n, seed=seed)
    rng = np.random.default_rng(seed + 2)
    steps = x.shape[1]
    short = y == 1 if by_class else rng.random(n) < 0.5
    lengths = np.where(short, rng.integers(5, 9, n), rng.integers(8, steps + 1, n))
    mask = np.arange(steps)[None, :] < lengths[:, None]
    sequences = as_sequences(np.where(mask[:, :, None], x, 0.0), y)
    return {**sequences, "mask": mask}


def weak_signal(n: int = 3000, flipped: float = 0.4, seed: int = SEED) -> dict:
    """A real but weak signal: a learnable pulse with `flipped` of the labels flipped (best
    possible accuracy 1 − flipped)."""
    x, y = pulse_sequences(n, height=6.0, seed=seed)
    flip = np.random.default_rng(seed + 3).random(n) < flipped
    return as_sequences(x, np.where(flip, 1 - y, y))


def strong_motif(n: int = 800, seed: int = SEED) -> dict:
    """A legitimately strong single feature: a tall pulse in one channel, nothing else."""
    return as_sequences(*pulse_sequences(n, height=6.0, seed=seed))

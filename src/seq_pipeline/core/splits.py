"""Split names and the helpers every stage needs to read a split."""

from __future__ import annotations

import numpy as np

SPLITS = ("train", "val", "test")


def split_names(n_sequences: int, split: dict[str, np.ndarray]) -> np.ndarray:
    """Each sequence's split name (`train`, `val`, `test`, or "" if in none), from indices."""
    names = np.full(n_sequences, "", dtype=object)
    for name, index in split.items():
        names[index] = name
    return names.astype(str)


def shared_groups(groups: np.ndarray, split: dict[str, np.ndarray]) -> list:
    """Sorted groups (patients, devices, …) whose sequences sit in more than one split."""
    members = [set(groups[index].tolist()) for index in split.values()]
    shared: set = set()
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            shared |= a & b
    return sorted(shared)

"""Naming the split each sequence belongs to, shared by evaluation and diagnosis.

Kept outside the pipeline packages: `split/pipeline.py` wires a diagnose node, and diagnose
reads evaluate's options, so a helper in any of them would make their imports circular.
"""

from __future__ import annotations

import numpy as np


def split_names(n_sequences: int, split: dict[str, np.ndarray]) -> np.ndarray:
    """Each sequence's split name (`train`, `val`, `test`, or "" if in none), from indices."""
    names = np.full(n_sequences, "", dtype=object)
    for name, index in split.items():
        names[index] = name
    return names.astype(str)

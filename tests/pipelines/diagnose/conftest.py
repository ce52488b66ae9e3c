"""Fixtures of the diagnose tests (the generators live in `generated.py`)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.pipelines.diagnose.generated import as_sequences, make_split, pulse_sequences


@pytest.fixture
def pulse_data() -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """600 learnable, balanced sequences and their split."""
    sequences = as_sequences(*pulse_sequences(600))
    return sequences, make_split(sequences)

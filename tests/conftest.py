"""Shared fixtures: small generated data from the project's own generator, never the network."""

from __future__ import annotations

import os

# Quiet TensorFlow and keep Kedro offline before either is imported by a test module.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from seq_pipeline.demo import make_event_sequences, to_long_table  # noqa: E402
from seq_pipeline.pipelines.normalize.nodes import (  # noqa: E402
    NormalizeOptions,
    build_sequence_tensors,
    encode_labels,
)
from seq_pipeline.pipelines.split.nodes import SplitOptions, split_sequences  # noqa: E402

SEED = 7


@pytest.fixture
def event_arrays() -> tuple[np.ndarray, np.ndarray]:
    """240 standardized sequences × 12 steps × 2 features with an easy, learnable label."""
    return make_event_sequences(n_sequences=240, n_steps=12, seed=SEED, pulse_height=5.0)


@pytest.fixture
def long_table(event_arrays) -> pd.DataFrame:
    """The same sequences as a long-format table with the default column names."""
    x, y = event_arrays
    return to_long_table(x, y, ("a", "b"))


@pytest.fixture
def sequences(long_table) -> dict[str, np.ndarray]:
    """Canonical tensors built by the normalize nodes."""
    options = NormalizeOptions()
    tensors, _ = build_sequence_tensors(long_table, encode_labels(long_table, options), options)
    return tensors


@pytest.fixture
def split(sequences) -> dict[str, np.ndarray]:
    """A stratified 70/15/15 split of `sequences`."""
    return split_sequences(sequences, SplitOptions(), seed=SEED)

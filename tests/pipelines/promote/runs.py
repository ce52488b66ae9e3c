"""Runs built directly, without training: a table, a hand-set Keras model and its contract.

The label is whether feature `a` averages above zero over a sequence, so a model that reads
the mean of `a` is (nearly) perfect and one that reads `b` is at chance.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from kedro.io.core import Version
from kedro_datasets.json import JSONDataset

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.contract import describe_model_inputs
from seq_pipeline.core.tables import validate_table
from seq_pipeline.core.tensors import NormalizeOptions
from seq_pipeline.datasets.keras_model import KerasModelDataset
from seq_pipeline.pipelines.normalize.nodes import describe_preprocessing, encode_labels

STEPS = 10
VERSION = Version(None, "2026-01-01T00.00.00.000Z")


def labelled_table(n: int = 200, seed: int = 0, shift: float = 0.0) -> pd.DataFrame:
    """`n` sequences of `STEPS` steps, features `a`, `b`; label "yes" when mean(a) > 0."""
    rng = np.random.default_rng(seed)
    level = rng.normal(size=n)
    a = level[:, None] + 0.3 * rng.normal(size=(n, STEPS)) + shift
    b = rng.normal(size=(n, STEPS)) + shift
    return pd.DataFrame(
        {
            "sequence_id": np.repeat([f"s{seed}-{i:04d}" for i in range(n)], STEPS),
            "timestep": np.tile(np.arange(STEPS), n),
            "a": a.ravel(),
            "b": b.ravel(),
            "label": np.repeat(np.where(level > 0, "yes", "no"), STEPS),
        }
    )


def contract_of(table: pd.DataFrame) -> dict:
    """The model contract train would write for `table` (real normalize and contract code)."""
    validated, report = validate_table(table, ColumnSpec())
    options = NormalizeOptions()
    spec = describe_preprocessing(validated, encode_labels(validated, options), options)
    return describe_model_inputs(spec, report)


def mean_reader(feature: int, gain: float = 20.0):
    """A Keras model (registered layers only) scoring sigmoid(gain × mean of one feature)."""
    import keras

    values = keras.Input((STEPS, 2), name="values")
    mask = keras.Input((STEPS,), name="mask", dtype="bool")
    pooled = keras.layers.GlobalAveragePooling1D()(values, mask=mask)
    dense = keras.layers.Dense(1, activation="sigmoid")
    out = dense(pooled)
    weights = np.zeros((2, 1), dtype="float32")
    weights[feature, 0] = gain
    dense.set_weights([weights, np.zeros(1, dtype="float32")])
    return keras.Model({"values": values, "mask": mask}, out)


def store_model(runs_dir: Path, run_id: str, model, contract: dict) -> None:
    """The run's `06_models/` as train writes it (versioned model and contract)."""
    models = runs_dir / run_id / "06_models"
    KerasModelDataset(filepath=str(models / "model.keras"), version=VERSION).save(model)
    JSONDataset(filepath=str(models / "model_contract.json"), version=VERSION).save(contract)

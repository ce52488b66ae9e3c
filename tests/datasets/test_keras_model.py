"""KerasModelDataset: a stored model loads in a fresh process that never imported training."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from kedro.io import Version
from kedro.io.core import DatasetError

from seq_pipeline.datasets.keras_model import KerasModelDataset
from seq_pipeline.models import build_model, model_inputs
from seq_pipeline.models.registry import names
from tests.pipelines.ingest.factory import sha256

SIZES = {
    "bilstm": {"lstm_units": 4, "dense_units": 2},
    "lstm_fcn": {"lstm_units": 2, "filters": (4, 4, 4), "kernel_sizes": (3, 3, 3)},
    "inception": {"filters": 2, "depth": 3, "kernel_sizes": (4, 2), "bottleneck": 2},
    "minirocket": {"num_features": 84, "max_dilations": 1},
}


@pytest.mark.slow
@pytest.mark.parametrize("architecture", names())
def test_model_loads_and_predicts_in_a_fresh_interpreter(tmp_path, architecture):
    model = build_model(
        architecture,
        n_steps=5,
        n_features=2,
        fill_values=[0.0, 0.0],
        mean=[1.0, 2.0],
        std=[1.0, 1.0],
        **SIZES[architecture],
    )
    x = np.random.default_rng(0).normal(size=(3, 5, 2)).astype("float32")
    mask = np.ones((3, 5), dtype=bool)
    np.save(tmp_path / "x.npy", x)
    expected = model.predict(model_inputs(x, mask), verbose=0).ravel()
    KerasModelDataset(filepath=str(tmp_path / "model.keras")).save(model)

    # Nothing here imports seq_pipeline.pipelines.train: as in `kedro run --pipelines inference`.
    script = f"""
import numpy as np
from seq_pipeline.datasets.keras_model import KerasModelDataset
model = KerasModelDataset(filepath={str(tmp_path / "model.keras")!r}).load()
x = np.load({str(tmp_path / "x.npy")!r})
p = model.predict({{"values": x, "mask": np.ones(x.shape[:2], bool)}}, verbose=0).ravel()
print(" ".join(f"{{v:.6f}}" for v in p))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = np.array(result.stdout.split()[-3:], dtype=float)
    np.testing.assert_allclose(loaded, expected, atol=1e-5)


def test_truncated_model_file_is_named_with_its_version(tmp_path):
    model = build_model(
        "bilstm",
        n_steps=3,
        n_features=1,
        fill_values=[0.0],
        mean=None,
        std=None,
        lstm_units=2,
        dense_units=2,
        dropout=0.0,
        learning_rate=1e-3,
    )
    store = tmp_path / "model.keras"
    KerasModelDataset(filepath=str(store), version=Version(None, None)).save(model)
    (stored,) = [p for p in store.rglob("*") if p.is_file()]
    stored.write_bytes(stored.read_bytes()[: stored.stat().st_size // 2])
    before = sha256(stored)

    with pytest.raises(DatasetError) as info:
        KerasModelDataset(filepath=str(store), version=Version(None, None)).load()
    message = str(info.value)
    assert f"The stored model '{stored}' (version {stored.parent.name}) is unreadable" in message
    assert "--load-versions model:" in message and "File not found" not in message
    assert sha256(stored) == before


def test_absent_model_keeps_kedros_own_message(tmp_path):

    with pytest.raises(DatasetError, match="Did not find any versions") as info:
        KerasModelDataset(filepath=str(tmp_path / "m.keras"), version=Version(None, None)).load()
    assert "unreadable" not in str(info.value)


def test_an_unversioned_unreadable_file_is_named_as_unversioned(tmp_path):
    stored = tmp_path / "model.keras"
    stored.write_bytes(b"not a zip archive")
    with pytest.raises(DatasetError) as info:
        KerasModelDataset(filepath=str(stored)).load()
    message = str(info.value)
    assert message.startswith(f"The stored model '{stored}' (version unversioned) is unreadable ")
    root = info.value.__cause__
    while root.__cause__ is not None:
        root = root.__cause__
    assert message.endswith(
        f"(Keras raised {type(root).__name__}). The file may be truncated or written by another "
        "Keras version; retrain it, or load an earlier version with "
        "`--load-versions model:<version>`."
    )

"""Small generated raw files and a runner helper shared by the input-format tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
from kedro.io import DataCatalog, MemoryDataset
from kedro.pipeline import Pipeline
from kedro.runner import SequentialRunner
from kedro_datasets.json import JSONDataset
from kedro_datasets.tensorflow import TensorFlowModelDataset

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.demo import make_event_sequences
from seq_pipeline.core.splits import SplitOptions
from seq_pipeline.core.tensors import NormalizeOptions
from seq_pipeline.datasets import NPZDataset
from seq_pipeline.pipelines.audit.options import AuditOptions
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.train.options import TrainOptions

TINY_TRAIN = TrainOptions(
    lstm_units=8,
    dense_units=4,
    epochs=2,
    batch_size=32,
    early_stopping_patience=None,
    tensorboard_dir=None,
    verbose=0,
)


def sha256(path: Path) -> str:
    """Digest of a file, or of every file under a directory, to prove raw data is untouched."""
    files = sorted(p for p in Path(path).rglob("*") if p.is_file()) if path.is_dir() else [path]
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


def event_arrays(n: int = 60, steps: int = 12, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """(N, T, 2) learnable sequences and 0/1 labels from the project's generator."""
    return make_event_sequences(n_sequences=n, n_steps=steps, seed=seed, pulse_height=5.0)


def ragged_table(n: int = 60, seed: int = 3, labels: tuple = ("no", "yes")) -> pd.DataFrame:
    """Long table with ragged lengths (8–12 steps), string labels and features `a`, `b`."""
    x, y = event_arrays(n, 12, seed)
    lengths = np.random.default_rng(seed).integers(8, 13, size=n)
    rows = [
        pd.DataFrame(
            {
                "sequence_id": f"s{i:03d}",
                "timestep": np.arange(lengths[i]),
                "a": x[i, : lengths[i], 0],
                "b": x[i, : lengths[i], 1],
                "label": labels[int(y[i])],
            }
        )
        for i in range(n)
    ]
    return pd.concat(rows, ignore_index=True)


def write_ts(path: Path, x: list[np.ndarray], y: list[str]) -> Path:
    """A multivariate, possibly unequal-length UCR/UEA `.ts` file; `x[i]` is (T_i, F)."""
    header = [
        "@problemName generated",
        "@timeStamps false",
        "@missing false",
        "@univariate false",
        f"@dimensions {x[0].shape[1]}",
        "@equalLength false",
        f"@classLabel true {' '.join(sorted(set(y)))}",
        "@data",
    ]
    lines = [
        ":".join(",".join(f"{v:.6f}" for v in case[:, f]) for f in range(case.shape[1]))
        + f":{label}"
        for case, label in zip(x, y, strict=True)
    ]
    path.write_text("\n".join(header + lines) + "\n")
    return path


def params_catalog(raw: object, folder: Path | None = None, **overrides: object) -> DataCatalog:
    """A catalog holding the raw dataset and every parameter the build pipelines read.

    With `folder`, the tensors, split, report and model are persisted there so a test can
    load them after the run (the runner releases in-memory intermediates).
    """
    params = {
        "columns": ColumnSpec(),
        "normalize_options": NormalizeOptions(),
        "split_options": SplitOptions(),
        "train_options": TINY_TRAIN,
        "seed": 7,
        "diagnose_options": DiagnoseOptions(),
        "audit_options": AuditOptions(),
        **overrides,
    }
    catalog = DataCatalog({"raw_sequences": raw})
    for name, value in params.items():
        catalog[f"params:{name}"] = MemoryDataset(value, copy_mode="assign")
    catalog["model"] = MemoryDataset(copy_mode="assign")
    if folder is not None:
        catalog["primary_sequences"] = NPZDataset(filepath=str(folder / "seq.npz"))
        catalog["split_indices"] = NPZDataset(filepath=str(folder / "split.npz"))
        catalog["ingest_report"] = JSONDataset(filepath=str(folder / "ingest.json"))
        catalog["label_mapping"] = JSONDataset(filepath=str(folder / "labels.json"))
        catalog["model"] = TensorFlowModelDataset(filepath=str(folder / "model.keras"))
    return catalog


def run(pipeline: Pipeline, catalog: DataCatalog) -> dict[str, object]:
    """Run through Kedro's SequentialRunner; return every free output, loaded."""
    outputs = SequentialRunner().run(pipeline, catalog)
    return {name: dataset.load() for name, dataset in outputs.items()}

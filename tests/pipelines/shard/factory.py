"""Raw Parquet parts and catalogs for the sharded build, next to the in-memory one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from kedro.io import Version
from kedro.io.data_catalog import DataCatalog
from kedro.runner import SequentialRunner
from kedro_datasets.json import JSONDataset
from kedro_datasets.partitions import PartitionedDataset

from seq_pipeline.datasets import NPZDataset, RawSequenceDataset, ShardedNPZDataset
from seq_pipeline.pipelines import shard
from seq_pipeline.pipelines.shard.options import ShardOptions
from tests.pipelines.ingest.factory import params_catalog
from tests.pipelines.ingest.runs import BUILD, build_catalog

SHARD = shard.create_pipeline()
# Shard outputs persisted (versioned) below a test's store: name → (dataset, file).
OUTPUTS = {
    "column_spec": (JSONDataset, "column_spec.json"),
    "shard_scan": (JSONDataset, "shard_scan.json"),
    "label_mapping": (JSONDataset, "label_mapping.json"),
    "preprocessing_spec": (JSONDataset, "preprocessing_spec.json"),
    "primary_shards": (ShardedNPZDataset, "sequences"),
    "split_indices": (NPZDataset, "split.npz"),
    "shard_report": (JSONDataset, "shard_report.json"),
}
DASK = {"engine": "dask", "n_workers": 2, "processes": False}


def write_parts(table: pd.DataFrame, folder: Path, n_parts: int = 3) -> Path:
    """The table's sequences in `n_parts` Parquet files (whole sequences, in order)."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = table["sequence_id"].unique()
    for number, chunk in enumerate(np.array_split(ids, n_parts)):
        part = table[table["sequence_id"].isin(chunk)]
        part.to_parquet(folder / f"part-{number:03d}.parquet", index=False)
    return folder


def shard_catalog(parts: Path, store: Path, **params: object) -> DataCatalog:
    """The params the shard pipeline reads, the raw parts, and its outputs under `store`."""
    options = ShardOptions.model_validate(params.pop("shard_options", {}))
    catalog = params_catalog(None, shard_options=options, **params)
    catalog["raw_sequence_parts"] = PartitionedDataset(
        path=str(parts), dataset="pandas.ParquetDataset", filename_suffix=".parquet"
    )
    for name, (kind, file) in OUTPUTS.items():
        catalog[name] = kind(filepath=str(store / file), version=Version(None, None))
    return catalog


def shard_files(store: Path) -> dict[str, bytes]:
    """Every shard file's bytes, by name (index.json too), of the one version in `store`."""
    files = sorted((store / "sequences").rglob("*"))
    return {p.name: p.read_bytes() for p in files if p.is_file()}


def run_both(tmp_path, table, **params):
    """The in-memory build on the concatenated table, the shard build on its parts."""
    parts = write_parts(table, tmp_path / "parts", n_parts=4)
    memory = build_catalog(RawSequenceDataset(filepath=str(parts)), tmp_path / "mem", **params)
    SequentialRunner().run(BUILD, memory)
    sharded = shard_catalog(parts, tmp_path / "shard", **params)
    SequentialRunner().run(SHARD, sharded)
    return memory, sharded


def by_id(tensors: dict, ids: np.ndarray) -> dict:
    order = {i: n for n, i in enumerate(tensors["ids"])}
    rows = [order[i] for i in ids]
    return {key: tensors[key][rows] for key in ("X", "mask", "y")}


def concatenated(shards) -> dict:
    keys = ("X", "mask", "y", "ids")
    return {k: np.concatenate([shards.shard(i, (k,))[k] for i in range(len(shards))]) for k in keys}

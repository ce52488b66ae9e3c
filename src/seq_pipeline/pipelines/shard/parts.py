"""Work on one raw part at a time: the unit a sharded run maps over its engine.

Each function takes `(source, load)`: the part's file name for messages and the callable
that reads it (from kedro-datasets' `PartitionedDataset`), so a Dask worker reads the part
itself and only small results travel. Validation and tensors reuse ingest and normalize
unchanged, so a bad part fails with the same message as in a local run, naming the part.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from seq_pipeline.core.columns import ID, LABEL, ColumnSpec
from seq_pipeline.core.errors import MAX_EXAMPLES
from seq_pipeline.core.labels import class_counts
from seq_pipeline.core.shards import PER_SEQUENCE_KEYS
from seq_pipeline.core.tables import validate_table
from seq_pipeline.core.tensors import build_sequence_tensors
from seq_pipeline.core.validation import empty_features
from seq_pipeline.datasets.table_checks import part_schema

Part = tuple[str, Callable[[], pd.DataFrame]]


def part_source(key: str, load: Callable[[], Any]) -> str:
    """The part's path for messages: the file its kedro-datasets loader reads, else its key."""
    dataset = getattr(load, "__self__", None)  # PartitionedDataset hands out `dataset.load`
    described = dataset._describe() if hasattr(dataset, "_describe") else {}
    return str(described.get("filepath") or f"{key}.parquet")


def read_part(part: Part) -> pd.DataFrame:
    """The part as a raw table that ingest's messages name by its file."""
    source, load = part
    raw = load()
    raw.attrs.update(source=source, format="parquet")
    return raw


def scan_part(part: Part, columns: ColumnSpec, sample_sequences: int) -> dict[str, Any]:
    """What must be known over all parts before any tensor: labels, lengths, ids, schema.

    The first `sample_sequences` sequences are fully validated, so a missing column or a
    wrong name fails here, before any shard; the rest reads only the id, time, label,
    split and group columns. What only all parts together can settle (a sequence of two
    steps somewhere, a value in every feature) is measured over the whole part and checked
    by `scan_parts`: the sample, or a whole part, may validly hold single-step sequences only.
    """
    started = time.perf_counter()
    raw = read_part(part)
    id_column = ColumnSpec.model_validate(columns).sequence_id
    sample = raw
    if id_column in raw.columns:
        first_ids = raw[id_column].drop_duplicates().iloc[:sample_sequences]
        sample = raw[raw[id_column].isin(first_ids)]
        sample.attrs.update(raw.attrs)
    _, report = validate_table(sample, columns, whole_table=False)
    renames = {raw_name: canonical for canonical, raw_name in report["columns"].items()}
    keys = raw[list(renames)].rename(columns=renames)
    keys[ID] = keys[ID].astype(str)
    lengths = keys.groupby(ID, sort=False).size()
    first = keys.drop_duplicates(ID)
    counts = class_counts(first) if LABEL in first.columns else pd.Series(dtype=int)
    return {
        "source": part[0],
        "n_rows": len(raw),
        "n_sequences": len(first),
        "longest": int(lengths.max()),
        "label_counts": {str(k): int(n) for k, n in counts.items()},
        "columns": report["columns"],
        "feature_columns": report["feature_columns"],
        "schema": part_schema(raw),
        "empty_features": empty_features(raw, report["feature_columns"]),
        "first_ids": first[ID].iloc[:MAX_EXAMPLES].tolist(),
        # 8 bytes per sequence: enough to find an id in two parts without holding the ids.
        "id_hashes": pd.util.hash_array(first[ID].to_numpy(dtype=object)),
        "seconds": round(time.perf_counter() - started, 3),
    }


def part_ids(part: Part, columns: ColumnSpec) -> np.ndarray:
    """The sequence ids of a part, as ingest makes them (text)."""
    id_column = ColumnSpec.model_validate(columns).sequence_id
    return read_part(part)[id_column].astype(str).drop_duplicates().to_numpy(dtype=object)


def build_part(part: Part, columns: ColumnSpec, spec: dict, max_per_shard: int) -> dict[str, Any]:
    """One part → validated → tensors as the global spec says, cut into bounded shards."""
    started = time.perf_counter()
    # `scan_parts` has checked what needs every part (see `scan_part`).
    table, ingest_report = validate_table(read_part(part), columns, whole_table=False)
    tensors, normalize_report = build_sequence_tensors(table, spec, ingest_report)
    del table
    n = len(tensors["y"])
    shards = [
        {
            key: value[start : start + max_per_shard]
            if key in PER_SEQUENCE_KEYS or key in ("X", "mask")
            else value
            for key, value in tensors.items()
        }
        for start in range(0, n, max_per_shard)
    ]
    report = {
        "source": part[0],
        "n_rows": ingest_report["n_rows"],
        "n_sequences": n,
        "n_shards": len(shards),
        "n_truncated": normalize_report["n_truncated"],
        "n_padded": normalize_report["n_padded"],
        "missing_values": normalize_report["missing_values"],
        "seconds": round(time.perf_counter() - started, 3),
    }
    return {"shards": shards, "report": report}

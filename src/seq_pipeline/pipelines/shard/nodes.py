"""Shard: raw Parquet parts → label mapping, spec, tensor shards and split, one part at a time.

The same artifacts as ingest → normalize → split (`label_mapping`, `preprocessing_spec`,
`split_indices`) plus `primary_shards` in place of the in-memory `primary_sequences`. Two
passes over the parts: a cheap one fixes what is global (labels, longest sequence, features,
unique ids), then each part is validated and turned into tensors with that global spec.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import PurePosixPath
from typing import Any

import numpy as np
import pandas as pd

from seq_pipeline.core.columns import GROUP, LABEL, SPLIT, ColumnSpec
from seq_pipeline.core.errors import examples, input_error
from seq_pipeline.core.labels import mapping_from_counts
from seq_pipeline.core.shards import Shards, ShardStream
from seq_pipeline.core.splits import SplitOptions, split_sequences
from seq_pipeline.core.tensors import NormalizeOptions, preprocessing_spec
from seq_pipeline.core.validation import refuse_empty_features, refuse_single_steps
from seq_pipeline.datasets.table_checks import compare_part_schemas
from seq_pipeline.pipelines.shard.engine import map_parts
from seq_pipeline.pipelines.shard.options import ShardOptions
from seq_pipeline.pipelines.shard.parts import Part, build_part, part_ids, part_source, scan_part

logger = logging.getLogger(__name__)

__all__ = [
    "ShardOptions",
    "describe_part_preprocessing",
    "encode_part_labels",
    "report_shards",
    "scan_parts",
    "split_shards",
    "write_shards",
]


def _parts(raw_parts: dict[str, Callable[[], pd.DataFrame]]) -> list[Part]:
    """(file, loader) of every part, in name order (the in-memory path's concatenation order)."""
    if not raw_parts:
        raise input_error("<raw parts>", None, "the folder holds no '*.parquet' parts")
    return [(part_source(key, raw_parts[key]), raw_parts[key]) for key in sorted(raw_parts)]


def scan_parts(
    raw_parts: dict[str, Callable[[], pd.DataFrame]], columns: ColumnSpec, options: ShardOptions
) -> dict[str, Any]:
    """First pass: per-part counts and schema, checked to agree and to share no sequence id."""
    started = time.perf_counter()
    parts = _parts(raw_parts)
    scan = partial(scan_part, columns=columns, sample_sequences=options.sample_sequences)
    found = list(map_parts(scan, parts, options))
    folder = str(PurePosixPath(parts[0][0]).parent)
    compare_part_schemas({PurePosixPath(p["source"]).name: p.pop("schema") for p in found}, folder)
    _check_whole_data(found, folder)
    _check_unique_ids(parts, [p.pop("id_hashes") for p in found], columns, folder, options)
    label_counts: dict[str, int] = {}
    for part in found:
        for label, n in part["label_counts"].items():
            label_counts[label] = label_counts.get(label, 0) + n
    summary = {
        "source": folder,
        "format": "parquet_dir",
        "columns": found[0]["columns"],
        "feature_columns": found[0]["feature_columns"],
        "n_parts": len(found),
        "n_rows": sum(p["n_rows"] for p in found),
        "n_sequences": sum(p["n_sequences"] for p in found),
        "longest": max(p["longest"] for p in found),
        "label_counts": dict(sorted(label_counts.items())),
        "engine": options.engine,
        "parts": [{k: p[k] for k in ("source", "n_rows", "n_sequences", "seconds")} for p in found],
        "seconds": round(time.perf_counter() - started, 3),
    }
    logger.info(
        "Scanned %d parts: %d rows, %d sequences (%s engine, %.1f s)",
        summary["n_parts"],
        summary["n_rows"],
        summary["n_sequences"],
        options.engine,
        summary["seconds"],
    )
    return summary


def _check_whole_data(found: list[dict[str, Any]], folder: str) -> None:
    """What no part alone can settle: some sequence has 2 steps, every feature has a value.

    Named after the first part, whose ids the message shows, and the folder of all parts.
    """
    first = found[0]
    where = f" in the {len(found)} part(s) of '{folder}'"
    refuse_single_steps(
        max(p["longest"] for p in found),
        sum(p["n_sequences"] for p in found),
        first["first_ids"],
        first["source"],
        first["columns"]["sequence_id"],
        where,
    )
    empty_everywhere = set.intersection(*(set(p["empty_features"]) for p in found))
    refuse_empty_features(
        [c for c in first["empty_features"] if c in empty_everywhere],
        sum(p["n_rows"] for p in found),
        first["source"],
        where,
    )


def _check_unique_ids(
    parts: list[Part],
    hashes: list[np.ndarray],
    columns: ColumnSpec,
    folder: str,
    options: ShardOptions,
) -> None:
    """A sequence id in two parts (a sequence split across files) is an input error."""
    every = np.sort(np.concatenate(hashes))  # 8 bytes per sequence, the scan's largest array
    if not (every[1:] == every[:-1]).any():
        return
    # Equal hashes only point at candidates: read those parts' ids to name the real ones.
    repeated = np.unique(every[1:][every[1:] == every[:-1]])
    clash = [i for i, h in enumerate(hashes) if np.isin(h, repeated).any()]
    ids = dict(
        zip(
            clash,
            map_parts(partial(part_ids, columns=columns), [parts[i] for i in clash], options),
            strict=True,
        )
    )
    for a in clash:
        for b in (b for b in clash if b > a):
            shared = np.intersect1d(ids[a], ids[b])
            if len(shared):
                raise input_error(
                    folder,
                    ColumnSpec.model_validate(columns).sequence_id,
                    f"sequence id(s) {examples(shared)} appear in two parts, '{parts[a][0]}' "
                    f"and '{parts[b][0]}' ({len(shared)} shared)",
                    "Write all rows of a sequence into a single part",
                )


def encode_part_labels(scan: dict[str, Any], options: NormalizeOptions) -> dict:
    """The 0/1 label mapping from the summed per-part class counts (as `encode_labels`)."""
    counts = pd.Series(scan["label_counts"], dtype=int).sort_index()
    column = scan["columns"].get(LABEL, LABEL)
    return mapping_from_counts(counts, options.positive_label, scan["source"], column)


def describe_part_preprocessing(
    scan: dict[str, Any], label_mapping: dict, options: NormalizeOptions
) -> dict:
    """The spec with the longest sequence over all parts (as `describe_preprocessing`)."""
    return preprocessing_spec(scan["feature_columns"], scan["longest"], label_mapping, options)


def write_shards(
    raw_parts: dict[str, Callable[[], pd.DataFrame]],
    columns: ColumnSpec,
    spec: dict,
    options: ShardOptions,
) -> ShardStream:
    """Second pass: each part validated and made tensors, handed to the dataset shard by shard."""
    parts = _parts(raw_parts)
    build = partial(
        build_part, columns=columns, spec=spec, max_per_shard=options.max_sequences_per_shard
    )
    metadata: dict[str, Any] = {"engine": options.engine, "parts": []}

    def produce() -> Iterator[dict[str, np.ndarray]]:
        started = time.perf_counter()
        for built in map_parts(build, parts, options):
            metadata["parts"].append(built["report"])
            logger.info("Shards from %s: %s", built["report"]["source"], built["report"])
            yield from built["shards"]
        metadata["seconds"] = round(time.perf_counter() - started, 3)

    return ShardStream(produce, metadata)


def split_shards(
    shards: Shards,
    options: SplitOptions,
    seed: int,
    label_mapping: dict,
    scan: dict[str, Any],
) -> dict[str, np.ndarray]:
    """`split_sequences` on the per-sequence columns only (global row indices, shard order)."""
    given = [key for key in (SPLIT, GROUP) if key in scan["columns"]]
    columns = {key: shards.column(key) for key in ("y", *given)}
    return split_sequences(columns, options, seed, label_mapping, scan)


def report_shards(shards: Shards, scan: dict[str, Any]) -> dict[str, Any]:
    """Counts, per-part rows and sequences, and time of both passes, for the run's record."""
    built = shards.metadata
    return {
        "source": scan["source"],
        # Canonical → the user's column names, as the in-memory ingest report has them: the
        # model contract of a `large` run reads them from here.
        "columns": scan["columns"],
        "feature_columns": scan["feature_columns"],
        "engine": built.get("engine"),
        "n_parts": scan["n_parts"],
        "n_rows": scan["n_rows"],
        "n_sequences": shards.n_sequences,
        "n_shards": len(shards),
        "shard_sizes": list(shards.sizes),
        "seconds": {"scan": scan["seconds"], "build": built.get("seconds")},
        "parts": [
            {**part, "scan_seconds": scanned["seconds"]}
            for part, scanned in zip(built.get("parts", []), scan["parts"], strict=False)
        ],
    }

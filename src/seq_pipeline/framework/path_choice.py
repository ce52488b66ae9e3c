"""Which path a plain `kedro run` takes: in memory (the default) or `large` (sharded).

The in-memory path is the faster one while the data fits (measured in
benchmarks/results/scale.md: equal at 0.1 M sequences, and its training steps are about twice
as fast as streamed ones), but its peak memory grows with the data (3.9 GB for 1 M sequences of
25 steps, about 160 bytes per raw row). So a run that names no pipeline switches to `large`
only for Parquet parts with at least `shard_options.large_from_rows` rows, counted from the
parts' footers without reading any data.
"""

from __future__ import annotations

import fsspec
import pyarrow.parquet as pq

DEFAULT, LARGE = "__default__", "large"


def parquet_part_rows(path: str | None) -> int | None:
    """Rows in a folder of `.parquet` parts (local or any fsspec URL); None if it is not one."""
    if not path:
        return None
    fs, root = fsspec.core.url_to_fs(path)
    if not fs.isdir(root):
        return None
    parts = sorted(fs.glob(f"{root.rstrip('/')}/*.parquet"))
    if not parts:
        return None
    total = 0
    for part in parts:
        with fs.open(part, "rb") as f:
            total += pq.ParquetFile(f).metadata.num_rows
    return total


def choose_pipeline(raw_path: str | None, large_from_rows: int | None) -> tuple[str, str]:
    """The pipeline for a run that names none, and why (for the log)."""
    if large_from_rows is None:
        return DEFAULT, "automatic choice off (shard_options.large_from_rows: null)"
    rows = parquet_part_rows(raw_path)
    if rows is None:
        return DEFAULT, "the raw input is not a folder of Parquet parts"
    if rows >= large_from_rows:
        return LARGE, f"{rows:,} rows in Parquet parts ≥ large_from_rows {large_from_rows:,}"
    return DEFAULT, f"{rows:,} rows in Parquet parts < large_from_rows {large_from_rows:,}"

"""`shard_options`: where the per-part work runs and how large a shard may be."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from seq_pipeline.core.parameters import Options


class ShardOptions(Options):
    """Engine (local or Dask) and shard size of the sharded ingest → normalize → split."""

    model_config = ConfigDict(extra="forbid")

    engine: Literal["local", "dask"] = "local"
    # A running scheduler (tcp://host:8786); null starts a LocalCluster for the run.
    dask_address: str | None = None
    n_workers: int = Field(default=2, ge=1)
    threads_per_worker: int = Field(default=1, ge=1)
    # false: workers are threads of this process (no pickling, one memory); true: processes.
    processes: bool = True
    # Parts processed at once; each holds one part's table and tensors in memory.
    max_in_flight: int | None = Field(default=None, ge=1, description="null: 2 × n_workers")
    max_sequences_per_shard: int = Field(default=50_000, ge=1)
    # Sequences of each part whose rows are fully validated in the first, cheap pass.
    sample_sequences: int = Field(default=50, ge=1)
    # A `kedro run` that names no pipeline runs `large` (not the in-memory default) on Parquet
    # parts with at least this many rows; null: only when asked (`--pipelines large`).
    large_from_rows: int | None = Field(default=20_000_000, ge=1)

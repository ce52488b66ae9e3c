"""Project pipelines: one per folder under `pipelines/`, all of them as `__default__`."""

from __future__ import annotations

from kedro.framework.project import find_pipelines
from kedro.pipeline import Pipeline


def register_pipelines() -> dict[str, Pipeline]:
    """Register every pipeline by its folder name, and the in-memory path as `__default__`."""
    pipelines = find_pipelines(raise_errors=True)
    pipelines["__default__"] = sum(
        (p for name, p in pipelines.items() if name not in NOT_IN_DEFAULT), Pipeline([])
    )
    return pipelines


# Pipelines that run only when named: `inference` scores new data rather than building the
# model; `promote` decides, after `diagnose`, whether the run's model becomes the champion;
# `shard` (ingest + normalize + split for data larger than memory), `stream` (train, evaluate
# and a sampled diagnosis on its shards) and their union `large` replace the default path when
# the data does not fit in memory.
NOT_IN_DEFAULT = frozenset({"inference", "promote", "shard", "stream", "large"})

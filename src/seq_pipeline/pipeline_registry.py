"""Project pipelines: one per folder under `pipelines/`, all of them as `__default__`."""

from __future__ import annotations

from kedro.framework.project import find_pipelines
from kedro.pipeline import Pipeline


def register_pipelines() -> dict[str, Pipeline]:
    """Register every pipeline by its folder name, and their union as `__default__`."""
    pipelines = find_pipelines(raise_errors=True)
    pipelines["__default__"] = sum(
        (p for name, p in pipelines.items() if name not in NOT_IN_DEFAULT), Pipeline([])
    )
    return pipelines


# Pipelines that run only when named: `inference` scores new data rather than building the
# model; `stream` is the path for sharded data larger than memory.
NOT_IN_DEFAULT = frozenset({"inference", "stream"})

"""What the run hooks share: the session's run store and the canonical name of its part."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kedro.pipeline import Pipeline

from seq_pipeline.framework.data_root import resolve_data_root
from seq_pipeline.framework.runs import RunStore, part_name, runs_dir

# Kedro's node filters: a filtered run is its own part, named by the nodes it ran.
NODE_FILTERS = ("node_names", "from_nodes", "to_nodes", "from_inputs", "to_outputs", "tags")


def store_for(context: Any) -> RunStore:
    """The run store under the configured data root, resolved against the project path."""
    root = context.config_loader["globals"]["data_root"]
    return RunStore(runs_dir(resolve_data_root(root, Path(context.project_path))))


def part_of(run_params: dict[str, Any], pipeline: Pipeline) -> str:
    """The part a session runs: its pipelines, and the nodes when a filter narrowed them."""
    filtered = any(run_params.get(name) for name in (*NODE_FILTERS, "namespaces"))
    nodes = sorted(node.name for node in pipeline.nodes) if filtered else None
    return part_name(run_params.get("pipeline_names"), nodes)

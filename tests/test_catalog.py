"""Every node output is its own persisted catalog entry, so any node can be a scheduler task."""

from __future__ import annotations

import pytest
from kedro.framework.project import pipelines
from kedro.io import DataCatalog, MemoryDataset

from tests.test_config import load


@pytest.mark.parametrize("env", ["local", "seed", "italy_power_demand"])
def test_every_node_output_is_a_persisted_catalog_entry(env):
    conf, _ = load(env, runtime_params={"run_id": "r1"})
    catalog = DataCatalog.from_config(conf)
    for name, pipeline in pipelines.items():
        for output in sorted(pipeline.all_outputs()):
            dataset = catalog.get(output)
            assert dataset is not None, f"{name}: '{output}' has no catalog entry"
            assert not isinstance(dataset, MemoryDataset), f"{name}: '{output}' is in memory"


def test_every_run_artifact_lives_under_its_run_and_is_versioned():
    conf, _ = load("local", runtime_params={"run_id": "r1"})
    for name, entry in conf.items():
        path = entry.get("filepath", entry.get("path", ""))
        if name in ("raw_sequences", "raw_sequence_parts", "inference_sequences"):
            assert "/runs/" not in path
            continue
        assert path.startswith("data/runs/r1/"), name
        if name == "run_manifest":  # one per run, written by the run store, read by reports
            assert path == "data/runs/r1/manifest.json"
            continue
        assert entry.get("versioned") is True, name

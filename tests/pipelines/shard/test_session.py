"""`kedro run --pipelines shard` through a real KedroSession and the project's catalog."""

from __future__ import annotations

import json

import numpy as np
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project

from tests.pipelines.ingest.factory import ragged_table, sha256
from tests.pipelines.shard.factory import write_parts


def test_the_shard_pipeline_writes_its_artifacts_under_the_run(project_copy, tmp_path, monkeypatch):
    parts = write_parts(ragged_table(60), tmp_path / "parts", n_parts=3)
    monkeypatch.chdir(project_copy)
    bootstrap_project(project_copy)
    params = {"raw_path": str(parts), "run_id": "big"}
    with KedroSession.create(project_path=project_copy, runtime_params=params) as session:
        session.run(pipeline_names=["shard"])
        catalog = session.load_context().catalog
        shards = catalog.load("primary_shards")
        split = catalog.load("split_indices")
        report = catalog.load("shard_report")
    run = project_copy / "data/runs/big"
    assert list(run.glob("03_primary/sequences/*/sequences/index.json"))
    assert list(run.glob("02_intermediate/shard_scan.json/*/shard_scan.json"))
    assert shards.n_sequences == 60 and report["n_parts"] == 3
    rows = np.concatenate([split[name] for name in ("train", "val", "test")])
    np.testing.assert_array_equal(np.sort(rows), np.arange(60))
    assert not list(run.glob("03_primary/sequences.npz"))  # no in-memory tensors
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["raw_input"] == {"path": str(parts), "sha256": sha256(parts)}

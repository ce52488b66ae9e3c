"""The stream pipeline resolves in the catalog, and runs end to end through a KedroSession."""

from __future__ import annotations

import json

import numpy as np
import pytest
from kedro.framework.project import configure_project
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project
from kedro.io import DataCatalog, MemoryDataset

from seq_pipeline.pipeline_registry import register_pipelines
from seq_pipeline.pipelines.stream import create_pipeline
from tests.pipelines.stream.factory import shard_dicts
from tests.test_config import load
from tests.test_run import TINY_TRAINING, latest_version


def test_every_input_and_output_resolves_in_the_catalog():
    conf, params = load("local", runtime_params={"run_id": "r1"})
    catalog = DataCatalog.from_config(conf)
    pipeline = create_pipeline()
    for name in sorted(pipeline.inputs()):
        if name.startswith("params:"):  # nested keys (`params:a.b`) too
            value = params
            for key in name.removeprefix("params:").split("."):
                assert key in value, name
                value = value[key]
        else:
            assert not isinstance(catalog.get(name), MemoryDataset), name
    for name in sorted(pipeline.all_outputs()):
        assert not isinstance(catalog.get(name), MemoryDataset), name
    # The audit and diagnosis read the sample, never the in-memory tensors.
    assert "primary_sequences" not in pipeline.all_inputs()
    assert {"primary_shards", "split_indices"} <= pipeline.inputs()


def test_stream_is_registered_but_not_in_the_default_run():
    configure_project("seq_pipeline")
    registered = register_pipelines()
    assert "stream" in registered
    default = {node.name for node in registered["__default__"].nodes}
    assert "train.train_model_from_shards" not in default


@pytest.mark.slow
def test_stream_pipeline_end_to_end(project_copy, monkeypatch, sequences, split):
    monkeypatch.chdir(project_copy)
    bootstrap_project(project_copy)
    params = {
        "run_id": "s1",
        "train_options": TINY_TRAINING,
        "stream_options": {"sample_sequences": 150},
    }
    with KedroSession.create(project_path=project_copy, runtime_params=params) as session:
        catalog = session.load_context().catalog
        # What ingest/normalize/split write for sharded data (another stage's job).
        catalog.save("primary_shards", shard_dicts(sequences, [90, 70, 80]))
        catalog.save("split_indices", split)
        catalog.save("preprocessing_spec", {"feature_columns": ["a", "b"]})
        catalog.save("shard_report", {"source": "shards", "columns": {}})
    with KedroSession.create(project_path=project_copy, runtime_params=params) as session:
        session.run(pipeline_names=["stream"])

    run = project_copy / "data/runs/s1"
    metrics = json.loads(latest_version(run / "08_reporting/metrics.json").read_text())
    sampled = json.loads(latest_version(run / "08_reporting/sampled_metrics.json").read_text())
    assert metrics["test"]["n"] == len(split["test"])  # exact: every test sequence
    assert sampled["test"]["n"] < metrics["test"]["n"]  # the diagnosis' sample
    diagnosis = json.loads(latest_version(run / "08_reporting/diagnosis.json").read_text())
    assert diagnosis["comparison"]["model"]["n"] == sampled["test"]["n"]
    audit = json.loads(latest_version(run / "05_model_input/data_audit.json").read_text())
    assert audit["n_sequences"] == sum(sampled[s]["n"] for s in ("train", "val", "test"))
    assert latest_version(run / "08_reporting/diagnosis.html").is_file()
    assert np.isfinite(metrics["test"]["accuracy"])

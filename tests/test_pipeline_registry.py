"""The registry: every pipeline by name, the model-building ones as `__default__`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from kedro.framework.project import configure_project

from seq_pipeline.core.demo import to_long_table
from seq_pipeline.pipeline_registry import register_pipelines


def test_every_pipeline_is_registered_and_default_excludes_inference():
    configure_project("seq_pipeline")
    pipelines = register_pipelines()
    assert {"ingest", "normalize", "split", "train", "evaluate", "inference"} <= set(pipelines)
    default = {node.name for node in pipelines["__default__"].nodes}
    for name in ("ingest", "normalize", "split", "audit", "train", "evaluate", "diagnose"):
        assert {node.name for node in pipelines[name].nodes} <= default, name
    assert not {node.name for node in pipelines["inference"].nodes} & default


def test_large_is_shard_then_stream_and_stays_out_of_the_default_run():
    configure_project("seq_pipeline")
    pipelines = register_pipelines()
    large = {node.name for node in pipelines["large"].nodes}
    halves = {node.name for name in ("shard", "stream") for node in pipelines[name].nodes}
    assert large == halves
    default = {node.name for node in pipelines["__default__"].nodes}
    assert {"shard.write_shards", "train.train_model_from_shards"} <= large - default
    assert "primary_sequences" not in pipelines["large"].all_outputs()
    assert {"primary_shards", "model", "metrics", "diagnosis"} <= pipelines["large"].all_outputs()


def test_data_pipelines_run_without_importing_tensorflow(project_copy, event_arrays, tmp_path):
    """`kedro run --pipelines ingest,normalize,split` must not pay for loading TensorFlow."""
    raw = tmp_path / "raw.csv"
    to_long_table(*event_arrays, ("a", "b")).to_csv(raw, index=False)
    script = f"""
import sys
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project
bootstrap_project({str(project_copy)!r})
params = {{"raw_path": {str(raw)!r}, "run_id": "r"}}
with KedroSession.create({str(project_copy)!r}, runtime_params=params) as s:
    s.run(pipeline_names=["ingest", "normalize", "split"])
print("heavy:", sorted(m for m in ("tensorflow", "keras") if m in sys.modules))
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=project_copy,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "heavy: []" in result.stdout


@pytest.mark.parametrize(
    "name",
    [
        "ingest",
        "normalize",
        "split",
        "audit",
        "train",
        "evaluate",
        "diagnose",
        "inference",
        "shard",
        "stream",
        "large",
    ],
)
def test_each_pipeline_imports_first_in_a_fresh_interpreter(name):
    """Kedro may import any pipeline first; none may depend on another being loaded already."""
    result = subprocess.run(
        [sys.executable, "-c", f"import seq_pipeline.pipelines.{name}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]

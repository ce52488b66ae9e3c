"""The run-status record of a part that raised is `failed`, and a failed run is never read.

Driven through `RunIdentityHook`'s own hook methods on a real `KedroContext` (configuration
loaded from a tiny conf folder) and a real `RunStore`, in the order Kedro calls them; no
session, no training, so `-m "not slow"` guards what the end-to-end tests check slowly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kedro.config import OmegaConfigLoader
from kedro.framework.context import KedroContext
from kedro.framework.hooks.manager import _create_hook_manager
from kedro.io import DataCatalog
from kedro.pipeline import Node, Pipeline

from seq_pipeline.framework.hooks.run_identity import RunIdentityHook
from seq_pipeline.framework.run_choice import is_complete, latest_complete
from seq_pipeline.framework.runs import RunStore, runs_dir

RUN_PARAMS = {"pipeline_names": ["train"], "node_names": None}


def identity(x):
    return x


# Reads an artifact of an earlier part (not raw data), as `--pipelines train` does.
TRAIN = Pipeline([Node(identity, "primary_sequences", "model", name="train_model")])


def started_hook(tmp_path: Path, run_id: str) -> tuple[RunIdentityHook, RunStore]:
    """A hook whose context gave `run_id`, after `before_pipeline_run` of the train part."""
    conf = tmp_path / "conf"
    (conf / "base").mkdir(parents=True, exist_ok=True)
    (conf / "local").mkdir(exist_ok=True)
    (conf / "base" / "globals.yml").write_text(f"data_root: {tmp_path / 'data'}\n")
    (conf / "base" / "parameters.yml").write_text("seed: 7\n")
    runtime = {"run_id": run_id}
    loader = OmegaConfigLoader(
        str(conf), base_env="base", default_run_env="local", runtime_params=runtime
    )
    context = KedroContext(
        project_path=tmp_path,
        config_loader=loader,
        env=None,
        package_name="seq_pipeline",
        hook_manager=_create_hook_manager(),
        runtime_params=runtime,
    )
    hook = RunIdentityHook()
    hook.after_context_created(context)
    hook.before_pipeline_run(RUN_PARAMS, TRAIN, DataCatalog())
    return hook, RunStore(runs_dir(str(tmp_path / "data")))


def test_a_part_is_running_between_its_start_and_its_end(tmp_path):
    _, store = started_hook(tmp_path, "r1")
    (record,) = store.statuses("r1").values()
    assert (record["part"], record["status"]) == ("train", "running")
    assert store.manifest("r1")["run_id"] == "r1"
    assert not is_complete(store, "r1")


def test_a_part_that_raised_is_recorded_failed_with_its_error(tmp_path):
    hook, store = started_hook(tmp_path, "r1")
    hook.on_pipeline_error(ValueError("no rows left"), RUN_PARAMS)
    (record,) = store.statuses("r1").values()
    assert record["status"] == "failed"
    assert record["error"] == "ValueError: no rows left"
    assert "outputs" not in record
    assert record["started"] <= record["finished"]
    assert not is_complete(store, "r1")
    assert store.outputs("r1") == set()
    assert latest_complete(store, set()) is None


def test_a_part_that_ran_through_is_recorded_succeeded_with_its_outputs(tmp_path):
    hook, store = started_hook(tmp_path, "r2")
    hook.after_pipeline_run(RUN_PARAMS, TRAIN)
    (record,) = store.statuses("r2").values()
    assert record["status"] == "succeeded"
    assert record["outputs"] == ["model"]
    assert is_complete(store, "r2")
    assert latest_complete(store, {"model"}) == "r2"


def test_a_later_run_that_failed_is_never_picked_over_an_earlier_complete_one(tmp_path):
    ok, store = started_hook(tmp_path, "r1")
    ok.after_pipeline_run(RUN_PARAMS, TRAIN)
    failed, _ = started_hook(tmp_path, "r2")
    failed.on_pipeline_error(RuntimeError("out of memory"), RUN_PARAMS)
    assert store.run_ids() == ["r1", "r2"]
    assert latest_complete(store, {"model"}) == "r1"


@pytest.mark.parametrize(
    ("statuses", "complete"),
    [
        ({}, False),  # nothing ran
        ({"ingest": "succeeded"}, True),
        ({"ingest": "succeeded", "split": "failed"}, False),
        ({"ingest": "succeeded", "split": "running"}, False),
        ({"ingest": "failed"}, False),
    ],
)
def test_a_run_is_complete_only_when_something_ran_and_every_part_succeeded(statuses, complete):
    store = RunStore(f"memory://run-status-{len(statuses)}-{complete}/runs")
    store.write_manifest("r", {"run_id": "r"})
    for part, status in statuses.items():
        store.write_status("r", part, {"status": status, "outputs": [part]})
    assert is_complete(store, "r") is complete
    assert store.outputs("r") == {p for p, s in statuses.items() if s == "succeeded"}

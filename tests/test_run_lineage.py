"""Runs you can trust: stale, edited and unfinished artifacts are refused; latest and index."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project

from seq_pipeline.cli import cli
from seq_pipeline.core.demo import to_long_table
from seq_pipeline.framework.lineage import artifact_paths
from seq_pipeline.framework.run_choice import is_complete, latest_complete
from seq_pipeline.framework.run_index import latest_pointer
from seq_pipeline.framework.runs import RunError, RunStore, owner

pytestmark = pytest.mark.slow  # each test runs Kedro sessions (no training)


@pytest.fixture
def project(project_copy, tmp_path, monkeypatch, event_arrays) -> Path:
    x, y = event_arrays
    to_long_table(x, y, ("a", "b")).to_parquet(tmp_path / "in.parquet")
    monkeypatch.chdir(project_copy)
    bootstrap_project(project_copy)
    return project_copy


def run(project: Path, run_id: str, *names: str) -> None:
    params = {"run_id": run_id, "raw_path": str(project.parent / "in.parquet")}
    with KedroSession.create(project_path=project, runtime_params=params) as session:
        session.run(pipeline_names=list(names))


def newest(folder: Path) -> Path:
    return sorted(folder.iterdir())[-1] / folder.name


def test_rerunning_upstream_makes_downstream_stale_and_reading_it_is_refused(project):
    run(project, "L", "ingest", "normalize")
    store = RunStore(str(project / "data/runs"))
    assert is_complete(store, "L")
    run(project, "L", "ingest")  # a new validated table: normalize's outputs are now stale
    assert not is_complete(store, "L")
    assert latest_complete(store, set()) is None
    assert not (project / "data/runs/LATEST").exists()  # no pointer to an incomplete run
    assert not (project / "data/runs/latest").is_symlink()
    message = (
        r"primary_sequences in run L is stale: .*--pipelines ingest,normalize --params run_id=L"
    )
    with pytest.raises(RunError, match=message):
        run(project, "L", "split")
    run(project, "L", "normalize")
    run(project, "L", "split")
    assert is_complete(store, "L")


def test_an_artifact_edited_by_hand_is_refused(project):
    run(project, "E", "ingest", "normalize")
    edited = newest(project / "data/runs/E/03_primary/label_mapping.json")
    edited.write_text(json.dumps({**json.loads(edited.read_text()), "edited": True}))
    with pytest.raises(RunError, match=r"label_mapping in run E .* changed after it was saved"):
        run(project, "E", "split")


def test_an_explicit_run_id_does_not_read_from_a_part_that_did_not_finish(project):
    run(project, "K", "ingest", "normalize")
    store = RunStore(str(project / "data/runs"))
    # What a kill during normalize's save leaves: a running part whose process is gone, and
    # a newer version folder of its output with a half-written file.
    dead = {**owner(), "pid": 2**22 + 17, "status": "running", "started": "2099-01-01"}
    dead["declared_outputs"] = ["primary_sequences", "label_mapping"]
    store.write_status("K", "normalize", dead)
    half = project / "data/runs/K/03_primary/label_mapping.json/2099-01-01T00.00.00.000Z"
    half.mkdir(parents=True)
    (half / "label_mapping.json").write_text('{"cla')
    assert store.part_states("K")["normalize"] == "abandoned"
    with pytest.raises(RunError, match="label_mapping in run K is written by part normalize"):
        run(project, "K", "split")


def test_latest_points_only_at_a_complete_run_and_its_index_links_current_artifacts(project):
    run(project, "first", "ingest", "normalize", "split")
    runs = project / "data/runs"
    assert latest_pointer(RunStore(str(runs))) == "first"
    assert (runs / "latest").resolve() == (runs / "first").resolve()
    index = (runs / "latest/index.html").read_text()
    links = [part.split('"', 1)[0] for part in index.split('href="')[1:]]
    assert len(links) == 8 and all((runs / "first" / link).is_file() for link in links)
    paths = artifact_paths("first", str(runs))
    assert Path(paths["split_indices"]).is_file()
    assert paths["split_indices"].endswith(
        os.path.relpath(newest(runs / "first/05_model_input/split.npz"), runs / "first")
    )

    run(project, "second", "ingest")  # complete too: the pointer moves
    assert (runs / "LATEST").read_text().strip() == "second"
    with pytest.raises(Exception, match="Did not find any versions"):
        run(project, "third", "ingest", "split")  # no split input: fails, never latest
    assert (runs / "latest").resolve().name == "second"
    assert (runs / "third/index.html").is_file()  # every run has its page, finished or not


def test_the_run_choice_honours_node_filters(project):
    run(project, "base", "ingest", "normalize", "split")
    args = ["run", "--from-nodes", "split.split_sequences", "--to-nodes", "split.split_sequences"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    store = RunStore(str(project / "data/runs"))
    assert store.run_ids() == ["base"]  # the latest complete run, not a fresh one
    assert "__default__:split.split_sequences" in store.statuses("base")


def test_runs_list_and_show(project):
    run(project, "R", "ingest", "normalize")
    listed = CliRunner().invoke(cli, ["runs", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.output[listed.output.index("{") :])
    assert data["latest"] == "R"
    assert data["runs"][0]["run_id"] == "R" and data["runs"][0]["status"] == "complete"
    shown = CliRunner().invoke(cli, ["runs", "show", "R"])
    assert "current     primary_sequences" in shown.output
    assert "succeeded   ingest+normalize" in shown.output
    parameters = RunStore(str(project / "data/runs")).manifest("R")["parameters"]
    assert isinstance(parameters["split_options"]["val_fraction"], float)  # JSON, not a repr


TINY_TRAINING = {
    "lstm_units": 8,
    "dense_units": 4,
    "epochs": 1,
    "min_steps": 0,
    "batch_size": 32,
    "tensorboard_dir": None,
    "verbose": 0,
}


def test_retraining_makes_the_evaluation_stale_and_edited_metrics_are_refused(project):
    params = {"run_id": "T", "raw_path": str(project.parent / "in.parquet")}
    params["train_options"] = TINY_TRAINING
    for names in (["ingest", "normalize", "split", "audit"], ["train", "evaluate"]):
        with KedroSession.create(project_path=project, runtime_params=params) as session:
            session.run(pipeline_names=names)
    store = RunStore(str(project / "data/runs"))
    assert is_complete(store, "T")
    metrics = newest(project / "data/runs/T/08_reporting/metrics.json")
    edited = json.loads(metrics.read_text())
    edited["test"]["accuracy"] = 0.123
    metrics.write_text(json.dumps(edited))
    with (
        KedroSession.create(project_path=project, runtime_params=params) as session,
        pytest.raises(
            RunError, match=r"metrics in run T \(version .*\) changed after it was saved"
        ),
    ):
        session.run(pipeline_names=["diagnose"])
    retrained = {**params, "train_options": {**TINY_TRAINING, "epochs": 2}}
    with KedroSession.create(project_path=project, runtime_params=retrained) as session:
        session.run(pipeline_names=["train"])
    assert not is_complete(store, "T")  # a new model next to the old model's predictions
    with (
        KedroSession.create(project_path=project, runtime_params=params) as session,
        pytest.raises(RunError, match=r"in run T is stale: .*current model is version"),
    ):
        session.run(pipeline_names=["diagnose"])

"""The closing block of a run: what it read, the answer, and paths that exist."""

from __future__ import annotations

from pathlib import Path

from kedro.io import DataCatalog, Version
from kedro.pipeline import Node, Pipeline
from kedro_datasets.json import JSONDataset

from seq_pipeline.framework.hooks.run_summary import answer_lines, artifact_paths, summary_block

SAVE = "2026-12-06T10.00.00.000Z"


def test_paths_are_the_versions_this_run_saved_and_read(tmp_path):
    read = JSONDataset(
        filepath=str(tmp_path / "model.json"), version=Version(None, "2026-01-01T00.00.00.000Z")
    )
    read.save({"old": True})
    catalog = DataCatalog(
        {
            "metrics": JSONDataset(filepath=str(tmp_path / "m.json"), version=Version(None, SAVE)),
            "model": JSONDataset(
                filepath=str(tmp_path / "model.json"), version=Version(None, None)
            ),
        }
    )
    pipeline = Pipeline([Node(lambda model: {"a": 1}, "model", "metrics", name="score")])
    catalog.save("metrics", {"a": 1})
    paths = artifact_paths(catalog, pipeline)
    assert paths["metrics"] == str(tmp_path / "m.json" / SAVE / "m.json")
    assert paths["model"] == str(
        tmp_path / "model.json" / "2026-01-01T00.00.00.000Z" / "model.json"
    )
    assert all(Path(p).is_file() for p in paths.values())
    assert "report" not in paths  # not in this catalog


def test_the_block_names_run_input_verdict_accuracy_and_paths():
    diagnosis = {
        "verdict": "learns",
        "meaning": "The model learns.",
        "comparison": {"model": {"accuracy_ci": [0.99, 0.996]}},
    }
    metrics = {"test": {"accuracy": 0.9937, "balanced_accuracy": 0.9936, "n": 1438}}
    block = summary_block(
        "r1", "data/01_raw/demo.parquet", answer_lines(diagnosis, metrics), {"report": "a/b.html"}
    ).splitlines()
    assert block[0] == "Run r1 finished"
    assert block[1] == "input        data/01_raw/demo.parquet"
    assert block[2] == "verdict      learns: The model learns."
    assert block[3].startswith("test         accuracy 0.9937 [0.9900, 0.9960]")
    assert block[4] == "report       a/b.html"


def test_the_answer_does_without_what_an_older_diagnosis_lacks():
    assert answer_lines({"verdict": "learns"}, None) == ["verdict      learns"]
    assert answer_lines({}, {"test": {}}) == []


def test_a_failed_single_network_points_to_auto_and_nothing_else_does():
    from seq_pipeline.framework.hooks.run_summary import cliff_lines

    failed = {"verdict": "model_fails"}
    bilstm = {"architecture": "bilstm", "selection": None}
    (line,) = cliff_lines(failed, bilstm)
    assert line.startswith("next ") and "bilstm" in line
    assert "train_options.architecture=auto" in line
    assert cliff_lines(failed, {"architecture": "inception", "selection": {"chosen": "x"}}) == []
    assert cliff_lines({"verdict": "learns"}, bilstm) == []
    assert cliff_lines({"verdict": "no_signal"}, bilstm) == []
    assert cliff_lines(failed, None) == []
    assert cliff_lines(None, bilstm) == []

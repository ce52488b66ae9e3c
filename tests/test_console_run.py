"""A tiny `kedro run` as a person reads it when piped (CI, `make run > log`): quiet, unbroken,
ending with where everything is; reports that say what they are about; kedro-viz without
hooks showing that run; and errors of the project without a traceback."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from seq_pipeline.core.demo import write_demo_file
from tests.conftest import copy_project

pytestmark = pytest.mark.slow

KEDRO = Path(sys.executable).with_name("kedro")
TINY = (
    "train_options.epochs=2,train_options.min_steps=0,train_options.lstm_units=8,"
    "train_options.dense_units=4,train_options.tensorboard_dir=null"
)
LINE_START = re.compile(r"^\d\d:\d\d:\d\d (INFO|WARNING|ERROR)\s")


def kedro(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """A `kedro` command in `project`, its output piped (not a terminal)."""
    return subprocess.run(
        [str(KEDRO), *args],
        cwd=project,
        env={**os.environ, "KEDRO_DISABLE_TELEMETRY": "1", **env},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("console")
    project = copy_project(folder)
    raw = folder / "raw scale data.parquet"  # a space: a path must survive as one token
    write_demo_file(raw, 240, 10, 3)
    result = kedro(project, "run", "--params", f"raw_path={raw},{TINY}")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if re.search(r" Run \S+ finished$", line))
    run_id = re.search(r" Run (\S+) finished$", lines[start]).group(1)
    block = dict(
        re.match(r"^(\S+(?: \S+)?)\s{2,}(.*)$", line).groups() for line in lines[start + 1 :]
    )
    return {"project": project, "raw": raw, "lines": lines, "run_id": run_id, "block": block}


def artifact(tiny_run: dict, label: str) -> Path:
    """A path of the summary block (relative ones from the project folder)."""
    path = Path(tiny_run["block"][label])
    return path if path.is_absolute() else tiny_run["project"] / path


def test_the_console_has_no_dataset_lines_and_no_broken_line(tiny_run):
    text = "\n".join(tiny_run["lines"])
    assert "Loading data from" not in text and "Saving data to" not in text
    assert "--async" not in text
    first = next(line for line in tiny_run["lines"] if " Run " in line)
    assert f"Run {tiny_run['run_id']}: __default__ (" in first
    assert f"reads {tiny_run['raw']}" in first, "the input path is on the start line, whole"
    assert any(
        re.search(r"\[\d+/\d+\] train\.train_model \d+\.\d s$", line) for line in tiny_run["lines"]
    )
    assert any(" bilstm epoch 2/2: loss " in line for line in tiny_run["lines"])
    # Every record starts a line with its time; only the multi-line verdict table and the
    # closing block continue a record, so nothing else was wrapped.
    loose = [
        line
        for line in tiny_run["lines"]
        if not LINE_START.match(line)
        and not line.startswith(("  ", "input ", "verdict ", "test "))
        and not re.match(r"^(report|metrics|model|predictions|index)\s", line)
    ]
    assert loose == []
    assert not any("feature_scale" in line and "WARNING" in line for line in tiny_run["lines"])


def test_the_run_ends_with_the_summary_block_whose_paths_exist(tiny_run):
    block = tiny_run["block"]
    assert block["input"] == str(tiny_run["raw"])
    assert re.match(r"[a-z_]+: \w", block["verdict"])
    assert re.match(r"accuracy \d\.\d{4} \[\d\.\d{4}, \d\.\d{4}\]", block["test"])
    for label in ("report", "metrics", "model", "predictions", "index"):
        path = artifact(tiny_run, label)
        assert path.is_file(), label
        assert tiny_run["run_id"] in str(path), label


def test_the_report_and_metrics_say_what_they_are_about(tiny_run):
    sha256 = hashlib.sha256(tiny_run["raw"].read_bytes()).hexdigest()
    metrics = json.loads(artifact(tiny_run, "metrics").read_text())
    provenance = metrics["provenance"]
    assert provenance["run_id"] == tiny_run["run_id"]
    assert provenance["input_path"] == str(tiny_run["raw"])
    assert provenance["input_sha256"] == sha256
    assert provenance["packages"]["kedro"] and provenance["created"]
    assert provenance["options"]["train_options"]["epochs"] == 2
    report = artifact(tiny_run, "report").read_text()
    for text in (tiny_run["run_id"], str(tiny_run["raw"]), sha256, "Resolved options"):
        assert text in report
    # The demo's raw scales differ, and the model standardizes them: a note, not a warning.
    notes = report.split("<h2>Notes</h2>")[1].split("<h2>")[0]
    assert "harmless" in notes
    warnings = report.split("<h2>Warnings</h2>")[1].split("<h2>")[0]
    assert "scales differ" not in warnings


def test_kedro_viz_without_hooks_previews_the_latest_run(tiny_run):
    pytest.importorskip("kedro_viz", reason="kedro-viz is the optional `viz` extra")
    project = tiny_run["project"]
    result = kedro(project, "viz", "build", "--include-previews")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    graph = json.loads((project / "build/api/main").read_text())
    (node,) = [n for n in graph["nodes"] if n["name"] == "metrics" and n["type"] == "data"]
    detail = json.loads((project / "build/api/nodes" / node["id"]).read_text())
    assert f"/runs/{tiny_run['run_id']}/" in detail["filepath"]
    assert json.loads(detail["preview"])["provenance"]["run_id"] == tiny_run["run_id"]


def test_a_known_input_error_prints_its_message_alone_and_exits_1(tiny_run):
    project = tiny_run["project"]
    result = kedro(project, "run", "--params", f"raw_path={tiny_run['raw']},train_options.epoch=3")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output and "╭" not in output
    assert "epoch" in output and "Extra inputs are not permitted" in output
    shown = kedro(project, "run", "--params", "train_option.epochs=3", SEQ_PIPELINE_TRACEBACK="1")
    assert shown.returncode != 0
    assert "Traceback" in shown.stdout + shown.stderr

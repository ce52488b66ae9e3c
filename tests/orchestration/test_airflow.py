"""The DAGs that `make dags` writes: they import in Airflow, mirror the Kedro pipelines, and run.

Airflow itself runs in a subprocess (`airflow_probe.py`) with its home and SQLite database in
a temporary folder; these tests need the `airflow` extra and are skipped without it. The DAGs
are generated for the `production` environment with no data root set, as a deployment does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest
from kedro.framework.project import configure_project

from seq_pipeline.core.demo import to_long_table
from seq_pipeline.framework.runs import RUN_ID, sanitize_run_id
from seq_pipeline.pipeline_registry import register_pipelines
from tests.conftest import copy_project

pytestmark = [
    pytest.mark.skipif(
        find_spec("airflow") is None or find_spec("kedro_airflow") is None,
        reason="needs the `airflow` extra: pip install -e '.[airflow]'",
    ),
    pytest.mark.slow,
]

PROBE = Path(__file__).with_name("airflow_probe.py")
# A tiny model and diagnosis, as a trigger's conf: its keys become runtime parameters.
TINY = {
    "train_options": {
        "lstm_units": 8,
        "dense_units": 4,
        "epochs": 2,
        "min_steps": 0,
        "batch_size": 32,
        "tensorboard_dir": None,
        "verbose": 0,
    },
    "diagnose_options": {"n_bootstrap": 50, "n_permutations": 9},
}


def airflow_env(home: Path, dags: Path, data_root: Path) -> dict[str, str]:
    """Airflow's home, database and DAG folder in `home`; the project's data under `data_root`."""
    return {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "SEQ_PIPELINE_DATA_ROOT": str(data_root),
        "KEDRO_DISABLE_TELEMETRY": "1",
    }


def probe(*args: str, cwd: Path, env: dict[str, str]) -> dict:
    """Run the probe and return its JSON report (the last line of its output)."""
    result = subprocess.run(
        [sys.executable, str(PROBE), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def snapshot(folder: Path) -> dict[str, int]:
    """Every file and folder below `folder`, with its modification time."""
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    """A project copy and its production DAGs, written as `make dags KEDRO_ENV=production`
    does, with no data root in the environment (retry delay 0, to see retries)."""
    root = tmp_path_factory.mktemp("airflow")
    project = copy_project(root)
    dags = root / "dags"
    command = [
        *(sys.executable, "-m", "seq_pipeline.orchestration.dags"),
        *("--env", "production", "--target-dir", str(dags), "--project-path", str(project)),
        *("--params", "retry_delay_minutes=0"),
    ]
    env = {k: v for k, v in os.environ.items() if k != "SEQ_PIPELINE_DATA_ROOT"}
    result = subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {"root": root, "project": project, "dags": dags}


@pytest.fixture(scope="module")
def dagbag(generated) -> dict:
    root = generated["root"]
    env = airflow_env(root / "home-bag", generated["dags"], root / "data-bag")
    return probe("dagbag", str(generated["dags"]), cwd=root, env=env)


@pytest.fixture(scope="module")
def kedro_pipelines():
    configure_project("seq_pipeline")
    return register_pipelines()


def dag_id(pipeline_name: str) -> str:
    return f"seq_pipeline__{pipeline_name.strip('_')}"


def test_every_dag_file_imports_with_the_documented_name_and_a_distinct_id(
    generated, dagbag, kedro_pipelines
):
    assert dagbag["import_errors"] == {}
    # docs/production_airflow.md: no environment in the file names.
    names = sorted(f.name for f in generated["dags"].glob("*.py"))
    per_node = {name: f"seq_pipeline_{name}_dag.py" for name in kedro_pipelines}
    per_node["__default__"] = "seq_pipeline_dag.py"
    stages = {
        "seq_pipeline_stages_dag.py": "seq_pipeline__default__stages",
        "seq_pipeline_large_stages_dag.py": "seq_pipeline__large__stages",
        "seq_pipeline_stream_stages_dag.py": "seq_pipeline__stream__stages",
    }
    assert names == sorted([*per_node.values(), *stages])
    files = {dag: Path(d["file"]).name for dag, d in dagbag["dags"].items()}
    assert files == {
        **{dag_id(name): file for name, file in per_node.items()},
        **{dag: file for file, dag in stages.items()},
    }


def test_each_per_node_dag_has_one_task_per_node_and_the_pipelines_edges(dagbag, kedro_pipelines):
    for name, pipeline in kedro_pipelines.items():
        dag = dagbag["dags"][dag_id(name)]
        assert dag["tasks"] == sorted(node.name for node in pipeline.nodes), name
        edges = sorted(
            [parent.name, child.name]
            for child, parents in pipeline.node_dependencies.items()
            for parent in parents
        )
        assert dag["edges"] == edges, name


def test_the_stage_level_dag_has_one_task_per_stage(dagbag, kedro_pipelines):
    dag = dagbag["dags"]["seq_pipeline__default__stages"]
    groups = kedro_pipelines["__default__"].group_nodes_by(group_by="namespace")
    assert dag["tasks"] == sorted(g.name for g in groups)
    assert {"ingest", "normalize", "split", "train", "evaluate", "diagnose"} <= set(dag["tasks"])
    assert dag["edges"] == sorted([dep, g.name] for g in groups for dep in g.dependencies)
    assert ["ingest", "normalize"] in dag["edges"]


def test_dags_retry_other_failures_once(dagbag):
    assert {tuple(d["retries"]) for d in dagbag["dags"].values()} == {(1,)}


def test_dag_files_take_the_project_and_env_from_generation_not_the_workers_folder(generated):
    text = (generated["dags"] / "seq_pipeline_ingest_dag.py").read_text()
    assert f"DEFAULT_PROJECT_PATH = {json.dumps(str(generated['project']))}" in text
    assert 'DEFAULT_ENV = "production"' in text
    assert "Path.cwd()" not in text


def test_per_node_dags_share_a_run_id_and_input_and_run_errors_fail_once(generated, event_arrays):
    """ingest, then normalize for ingest's run, from a folder that is not the project; then
    ingest on a missing file and normalize for a run that does not exist each fail once."""
    root = generated["root"]
    raw = root / "tiny.csv"
    x, y = event_arrays
    to_long_table(x[:30], y[:30], ("a", "b")).to_csv(raw, index=False)
    worker = root / "worker"
    worker.mkdir()
    data_root = root / "data"
    env = airflow_env(root / "home-run", generated["dags"], data_root)
    before = snapshot(generated["project"])

    report = probe("nodes", str(generated["dags"]), str(raw), cwd=worker, env=env)

    ingest, normalize = report["ingest"], report["normalize"]
    assert ingest["state"] == "success", ingest
    run_id = sanitize_run_id(ingest["airflow_run_id"])
    assert RUN_ID.fullmatch(run_id)
    assert ingest["run_ids"] == dict.fromkeys(
        ("ingest.resolve_columns", "ingest.validate_sequences"), run_id
    )
    assert normalize["state"] == "success", normalize
    assert set(normalize["run_ids"].values()) == {run_id}
    assert len(normalize["run_ids"]) == len(normalize["tasks"]) >= 2
    # Data lands under the configured root; neither the worker's nor the project folder changes.
    written = {p.name for p in (data_root / "runs" / run_id).rglob("*") if p.is_file()}
    assert {"sequences.parquet", "ingest_report.json", "sequences.npz"} <= written
    assert list(worker.iterdir()) == []
    assert snapshot(generated["project"]) == before

    missing = report["missing_input"]
    assert missing["state"] == "failed"
    assert missing["tasks"]["ingest.validate_sequences"] == {"state": "failed", "try_number": 1}
    unknown = report["unknown_run"]
    assert unknown["state"] == "failed"
    first = {s["state"]: s["try_number"] for s in unknown["tasks"].values()}
    assert first["failed"] == 1, unknown
    assert not (data_root / "runs" / "no-such-run").exists()


def test_the_stage_level_dag_runs_green_under_one_run_id(generated, event_arrays):
    """`seq_pipeline__default__stages`: every stage a task, the whole path on tiny data."""
    root = generated["root"]
    raw = root / "stages.csv"
    x, y = event_arrays
    to_long_table(x, y, ("a", "b")).to_csv(raw, index=False)
    worker = root / "worker-stages"
    worker.mkdir()
    data_root = root / "data-stages"
    env = airflow_env(root / "home-stages", generated["dags"], data_root)
    before = snapshot(generated["project"])

    run = probe("stages", str(generated["dags"]), str(raw), json.dumps(TINY), cwd=worker, env=env)[
        "stages"
    ]

    assert run["state"] == "success", run
    assert {t["state"] for t in run["tasks"].values()} == {"success"}
    assert {t["try_number"] for t in run["tasks"].values()} == {1}
    run_id = sanitize_run_id(run["airflow_run_id"])
    assert run["run_ids"] == dict.fromkeys(run["tasks"], run_id)
    folder = data_root / "runs" / run_id
    statuses = [json.loads(p.read_text()) for p in (folder / "status").glob("*.json")]
    assert len(statuses) == len(run["tasks"])
    assert {s["status"] for s in statuses} == {"succeeded"}
    assert (folder / "08_reporting" / "diagnosis.html").exists()  # versioned: a folder
    assert list(worker.iterdir()) == []
    assert snapshot(generated["project"]) == before
    print("task seconds:", json.dumps(run["seconds"]))  # noqa: T201

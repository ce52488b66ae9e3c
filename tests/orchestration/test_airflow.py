"""The DAGs that `make dags` writes: they import in Airflow, mirror the Kedro pipelines, and run.

Airflow itself runs in a subprocess (`airflow_probe.py`) with its home and SQLite database in
a temporary folder; these tests need the `airflow` extra and are skipped without it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest
from kedro.framework.project import configure_project

from seq_pipeline.core.demo import to_long_table
from seq_pipeline.orchestration import RUN_ID_PATTERN, run_id_from
from seq_pipeline.pipeline_registry import register_pipelines
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.skipif(
    find_spec("airflow") is None or find_spec("kedro_airflow") is None,
    reason="needs the `airflow` extra: pip install -e '.[airflow]'",
)

PROBE = Path(__file__).with_name("airflow_probe.py")
TEMPLATE = PROJECT_ROOT / "src/seq_pipeline/orchestration/airflow_dag.j2"


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
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    """A project copy and its DAGs, written as `make dags` does (retry delay 0, to see retries)."""
    root = tmp_path_factory.mktemp("airflow")
    project = root / "project"
    project.mkdir()
    shutil.copy(PROJECT_ROOT / "pyproject.toml", project)
    shutil.copytree(PROJECT_ROOT / "conf", project / "conf")
    (project / "src").mkdir()  # the package itself is installed
    dags = root / "dags"
    command = [
        str(Path(sys.executable).with_name("kedro")),
        *("airflow", "create", "--all", "--env", "local", "--target-dir", str(dags)),
        *("--jinja-file", str(TEMPLATE)),
        *("--params", f"project_path={project},retry_delay_minutes=0"),
    ]
    result = subprocess.run(
        command, cwd=project, capture_output=True, text=True, check=False, timeout=300
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


def test_every_dag_file_imports_and_ids_are_distinct(generated, dagbag, kedro_pipelines):
    assert dagbag["import_errors"] == {}
    files = sorted(generated["dags"].glob("*.py"))
    assert len(files) == len(kedro_pipelines)
    # One DAG per file and per registered pipeline, each named after its pipeline.
    assert sorted(dagbag["dags"]) == sorted(dag_id(name) for name in kedro_pipelines)
    assert sorted(Path(d["file"]).name for d in dagbag["dags"].values()) == [f.name for f in files]


def test_each_dag_has_one_task_per_node_and_the_pipelines_edges(dagbag, kedro_pipelines):
    for name, pipeline in kedro_pipelines.items():
        dag = dagbag["dags"][dag_id(name)]
        assert dag["tasks"] == sorted(node.name for node in pipeline.nodes), name
        edges = sorted(
            [parent.name, child.name]
            for child, parents in pipeline.node_dependencies.items()
            for parent in parents
        )
        assert dag["edges"] == edges, name


def test_dags_retry_other_failures_once(dagbag):
    assert {tuple(d["retries"]) for d in dagbag["dags"].values()} == {(1,)}


def test_dag_file_takes_the_project_from_generation_not_the_workers_folder(generated):
    text = (generated["dags"] / "seq_pipeline_ingest_dag.py").read_text()
    assert f"DEFAULT_PROJECT_PATH = {json.dumps(str(generated['project']))}" in text
    assert "Path.cwd()" not in text


@pytest.mark.slow
def test_dags_run_under_one_run_id_and_input_errors_do_not_retry(generated, event_arrays):
    """ingest, then normalize for ingest's run (two tasks), from a folder that is not the
    project; then ingest on a missing file fails once, with no retry."""
    root = generated["root"]
    raw = root / "tiny.csv"
    x, y = event_arrays
    to_long_table(x[:30], y[:30], ("a", "b")).to_csv(raw, index=False)
    worker = root / "worker"
    worker.mkdir()
    data_root = root / "data"
    env = airflow_env(root / "home-run", generated["dags"], data_root)

    report = probe("scenario", str(generated["dags"]), str(raw), cwd=worker, env=env)

    ingest, normalize, missing = report["ingest"], report["normalize"], report["missing_input"]
    assert ingest["state"] == "success", ingest
    run_id = run_id_from(ingest["airflow_run_id"])
    assert RUN_ID_PATTERN.fullmatch(run_id)
    assert ingest["run_ids"] == dict.fromkeys(
        ("ingest.resolve_columns", "ingest.validate_sequences"), run_id
    )
    assert normalize["state"] == "success", normalize
    assert set(normalize["run_ids"].values()) == {run_id}
    assert len(normalize["run_ids"]) == len(normalize["tasks"]) >= 2
    # Data lands under the configured root, resolved against nothing the worker's folder holds.
    written = {p.name for p in (data_root / "runs" / run_id).rglob("*") if p.is_file()}
    assert {"sequences.parquet", "ingest_report.json", "sequences.npz"} <= written
    assert list(worker.iterdir()) == []

    assert missing["state"] == "failed"
    assert missing["tasks"]["ingest.validate_sequences"] == {"state": "failed", "try_number": 1}

"""`make dags`: file names as the docs give them, stage-level DAGs for multi-stage pipelines,
and the template shipped inside the package (and so in the wheel)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib.resources import files
from importlib.util import find_spec
from shutil import copytree, ignore_patterns

import pytest
from kedro.framework.project import configure_project

from seq_pipeline.pipeline_registry import register_pipelines
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.skipif(
    find_spec("kedro_airflow") is None, reason="needs the `airflow` extra"
)


@pytest.mark.parametrize(
    ("pipeline_name", "stages", "expected"),
    [
        ("__default__", False, "seq_pipeline_dag.py"),
        ("ingest", False, "seq_pipeline_ingest_dag.py"),
        ("__default__", True, "seq_pipeline_stages_dag.py"),
        ("large", True, "seq_pipeline_large_stages_dag.py"),
    ],
)
def test_dag_files_are_named_after_the_pipeline_never_the_environment(
    pipeline_name, stages, expected
):
    from seq_pipeline.orchestration.dags import dag_file_name

    assert dag_file_name(pipeline_name, stages) == expected


def test_stage_level_dags_are_made_for_pipelines_that_span_stages():
    from seq_pipeline.orchestration.dags import multi_stage

    configure_project("seq_pipeline")
    pipelines = register_pipelines()
    chosen = multi_stage(pipelines)
    assert "__default__" in chosen
    assert not {"ingest", "normalize", "split", "train", "evaluate"} & set(chosen)
    for name in chosen:
        assert len({node.namespace for node in pipelines[name].nodes}) > 1


def test_the_template_is_package_data():
    assert (files("seq_pipeline.orchestration") / "airflow_dag.j2").is_file()


@pytest.mark.slow
def test_the_wheel_ships_the_dag_template(tmp_path):
    source = tmp_path / "source"
    copytree(
        PROJECT_ROOT / "src",
        source / "src",
        ignore=ignore_patterns("__pycache__", "*.egg-info"),
    )
    for name in ("pyproject.toml", "README.md"):
        (source / name).write_bytes((PROJECT_ROOT / name).read_bytes())
    wheels = tmp_path / "wheels"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    result = subprocess.run(
        [*pip_wheel, "-q", "-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    (wheel,) = wheels.glob("seq_pipeline-*.whl")
    assert "seq_pipeline/orchestration/airflow_dag.j2" in zipfile.ZipFile(wheel).namelist()

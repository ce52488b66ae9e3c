"""Packaged runs: `kedro package`, then `python -m seq_pipeline` from a folder of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

from seq_pipeline.__main__ import conf_source_arg, read_logging_config
from seq_pipeline.core.demo import to_long_table
from tests.conftest import PROJECT_ROOT


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> dict[str, Path]:
    """`kedro package` on a copy of the project, and its wheel unpacked into its own folder."""
    root = tmp_path_factory.mktemp("package")
    project = root / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT_ROOT / name, project)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("src", "conf"):
        shutil.copytree(PROJECT_ROOT / name, project / name, ignore=ignore)
    run([str(Path(sys.executable).with_name("kedro")), "package"], cwd=project)
    (wheel,) = (project / "dist").glob("seq_pipeline-*.whl")
    site = root / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target"]
    run([*pip, str(site), str(wheel)], cwd=root)
    return {"root": root, "site": site, "conf": project / "dist/conf-seq_pipeline.tar.gz"}


def packaged_env(package: dict[str, Path], data_root: Path) -> dict[str, str]:
    """Only the wheel on the path ahead of the installed dependencies; no telemetry opt-out."""
    env = {k: v for k, v in os.environ.items() if k != "KEDRO_DISABLE_TELEMETRY"}
    return {**env, "PYTHONPATH": str(package["site"]), "SEQ_PIPELINE_DATA_ROOT": str(data_root)}


@pytest.mark.slow
def test_packaged_run_writes_under_the_data_root_with_the_projects_logging(
    package, event_arrays, tmp_path
):
    raw = tmp_path / "tiny.csv"
    x, y = event_arrays
    to_long_table(x[:30], y[:30], ("a", "b")).to_csv(raw, index=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data_root = tmp_path / "data_root"
    env = packaged_env(package, data_root)

    command = [sys.executable, "-m", "seq_pipeline", "--pipelines", "ingest"]
    run([*command, "--conf-source", str(package["conf"]), "--params", f"raw_path={raw}"],
        cwd=elsewhere, env=env)  # fmt: skip

    written = {p.name for p in data_root.rglob("*") if p.is_file()}
    assert {"ingest_report.json", "sequences.parquet"} <= written
    # The only file in the working folder is the project's log: conf/logging.yml's file
    # handler, which Kedro's default logging (used without it) does not have.
    assert sorted(p.name for p in elsewhere.iterdir()) == ["info.log"]
    assert "Ingested 360 rows, 30 sequences" in (elsewhere / "info.log").read_text()


def test_packaged_entry_point_turns_telemetry_off(package, tmp_path):
    probe = (
        "import seq_pipeline, seq_pipeline.__main__\n"
        "from kedro_telemetry.plugin import _check_for_telemetry_consent\n"
        "print(seq_pipeline.__file__)\n"
        "print(_check_for_telemetry_consent(None))\n"
    )
    out = run([sys.executable, "-c", probe], cwd=tmp_path, env=packaged_env(package, tmp_path))
    module_file, consent = out.strip().splitlines()[-2:]
    assert Path(module_file).is_relative_to(package["site"])  # the wheel, not the checkout
    assert consent == "False"


@pytest.mark.parametrize(
    "args",
    [["--pipelines", "ingest", "--conf-source", "c.tar.gz"], ["--conf-source=c.tar.gz"]],
)
def test_conf_source_is_read_from_the_command_line(args):
    assert conf_source_arg(args) == "c.tar.gz"
    assert conf_source_arg(["--pipelines", "ingest"]) is None


def test_logging_config_comes_from_a_conf_folder_or_archive(tmp_path):
    conf = tmp_path / "conf"
    shutil.copytree(PROJECT_ROOT / "conf", conf)
    expected = yaml.safe_load((PROJECT_ROOT / "conf/logging.yml").read_text())
    archive = tmp_path / "conf.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(conf, arcname="conf")
    assert read_logging_config(str(conf)) == expected
    assert read_logging_config(str(archive)) == expected
    assert read_logging_config(str(conf / "base")) is None

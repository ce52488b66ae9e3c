"""The import contracts in pyproject.toml hold, and they catch a planted cross-stage import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_import_contracts_are_kept():
    result = _lint(PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_planted_cross_stage_import_breaks_the_contracts(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(PROJECT_ROOT / "pyproject.toml", copy / "pyproject.toml")
    nodes = copy / "src/seq_pipeline/pipelines/evaluate/nodes.py"
    nodes.write_text(
        nodes.read_text() + "\nfrom seq_pipeline.pipelines.train.nodes import train_model\n"
    )
    result = _lint(copy)
    assert result.returncode != 0
    assert "seq_pipeline.pipelines.evaluate.nodes -> seq_pipeline.pipelines.train.nodes" in (
        result.stdout
    )
    assert "A stage never imports another stage's modules" in result.stdout

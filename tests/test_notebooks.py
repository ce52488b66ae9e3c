"""Every notebook runs where Jupyter runs it: a kernel started in `notebooks/`.

The cells are executed by IPython's own shell (what an IPython kernel runs), in a separate
process whose current folder is `notebooks/`, magics included (`%load_ext kedro.ipython`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from seq_pipeline.core.demo import to_long_table

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
SRC = Path(__file__).resolve().parents[1] / "src"
TINY = (
    "train_options.epochs=2,train_options.min_steps=0,train_options.lstm_units=8,"
    "train_options.dense_units=4,train_options.tensorboard_dir=null,train_options.verbose=0"
)
EXECUTE = """
import json, sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
for number, cell in enumerate(json.load(open(sys.argv[1]))["cells"]):
    if cell["cell_type"] != "code":
        continue
    result = shell.run_cell("".join(cell["source"]), store_history=True)
    if not result.success:
        sys.exit(f"cell {number} failed: {result.error_in_exec or result.error_before_exec!r}")
print("all cells ran")
"""


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_a_notebook_runs_from_the_notebooks_folder(project_copy, tmp_path, event_arrays, notebook):
    x, y = event_arrays
    to_long_table(x, y, ("a", "b")).to_parquet(tmp_path / "in.parquet")
    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "KEDRO_DISABLE_TELEMETRY": "1", "PYTHONPATH": path}
    params = f"raw_path={tmp_path / 'in.parquet'},{TINY}"
    kedro = [sys.executable, "-m", "kedro", "run", "--params", params]
    done = subprocess.run(
        kedro, cwd=project_copy, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    folder = project_copy / "notebooks"
    folder.mkdir()
    shutil.copy(notebook, folder / notebook.name)
    ran = subprocess.run(
        [sys.executable, "-c", EXECUTE, notebook.name],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert "all cells ran" in ran.stdout
    assert not (folder / "data").exists()  # nothing was looked up below the notebook folder

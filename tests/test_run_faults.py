"""Runs you can trust, as a scheduler and an unlucky operator use them: separate processes,
kills at random points, damaged records, a full disk, bad data roots and raw inputs."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project

from seq_pipeline.core.demo import to_long_table
from seq_pipeline.framework import store_io
from seq_pipeline.framework.run_choice import is_complete, latest_complete
from seq_pipeline.framework.runs import RunStore

pytestmark = pytest.mark.slow  # every test starts `kedro run` processes (no training)

BUILD = ("--pipelines", "ingest,normalize,split")
SRC = Path(__file__).resolve().parents[1] / "src"
# A dataset that dies in the middle of writing its file, as a kill during a save would.
KILLER = """
import os, signal
from seq_pipeline.datasets.npz_dataset import NPZDataset

class KillDuringSave(NPZDataset):
    def save(self, data):
        if os.environ.get("KILL_DURING_SAVE"):
            path = self._get_save_path()
            self._fs.makedirs(str(path.parent), exist_ok=True)
            with self._fs.open(str(path), "wb") as f:
                f.write(b"PK\\x03\\x04 half an npz")
                f.flush()
                os.kill(os.getpid(), signal.SIGKILL)
        super().save.__wrapped__(self, data)
"""


@pytest.fixture
def project(project_copy, tmp_path, event_arrays) -> Path:
    x, y = event_arrays
    to_long_table(x, y, ("a", "b")).to_parquet(tmp_path / "in.parquet")
    (tmp_path / "killer.py").write_text(KILLER)
    return project_copy


def env(project: Path, **extra: str) -> dict[str, str]:
    path = os.pathsep.join([str(SRC), str(project.parent), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "KEDRO_DISABLE_TELEMETRY": "1", "PYTHONPATH": path, **extra}


def kedro(project: Path, *args: str, extra: dict | None = None, ok: bool = True):
    raw = f"raw_path={project.parent / 'in.parquet'}"
    params = [f"{a},{raw}" if a.startswith("run_id=") and "raw_path" not in a else a for a in args]
    command = [sys.executable, "-m", "kedro", *params]
    done = subprocess.run(
        command,
        cwd=project,
        env=env(project, **(extra or {})),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    if ok:
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def store_of(project: Path) -> RunStore:
    return RunStore(str(project / "data/runs"))


def split_reads_newest_complete(project: Path, expected: str) -> None:
    """`kedro run --pipelines split` with no id runs in `expected` and reads current inputs."""
    kedro(project, "run", "--pipelines", "split")
    store = store_of(project)
    assert latest_complete(store, set()) == expected
    assert store.statuses(expected)["split"]["status"] == "succeeded"
    assert is_complete(store, expected)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_run_killed_at_a_random_point_completes_when_the_same_command_runs_again(project, seed):
    kedro(project, "run", *BUILD, "--params", "run_id=before")
    rng = random.Random(seed)
    recorded = rng.randint(0, 7)  # artifacts saved before the kill: inside each pipeline
    raw = f"raw_path={project.parent / 'in.parquet'}"
    command = [sys.executable, "-m", "kedro", "run", *BUILD, "--params", f"run_id=K,{raw}"]
    process = subprocess.Popen(
        command, cwd=project, env=env(project), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    lineage = project / "data/runs/K/lineage"
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        files = list(lineage.glob("*.json")) if lineage.exists() else []
        saved = len(json.loads(files[0].read_text())["artifacts"]) if files else 0
        if saved >= recorded:
            time.sleep(rng.uniform(0, 0.2))
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    process.wait(timeout=60)
    store = store_of(project)
    states = set(store.part_states("K").values()) if (project / "data/runs/K").exists() else set()
    assert states <= {"abandoned", "succeeded"}, states
    assert latest_complete(store, set()) in ("before", "K")
    kedro(project, "run", *BUILD, "--params", "run_id=K")  # the same command again
    assert store.part_states("K") == {"ingest+normalize+split": "succeeded"}
    split_reads_newest_complete(project, "K")


def test_a_kill_during_a_save_leaves_nothing_that_is_read(project):
    catalog = project / "conf/local/catalog.yml"
    entry = (project / "conf/base/catalog.yml").read_text().split("primary_sequences:\n")[1]
    entry = (
        entry.split("\n\n")[0]
        .replace("seq_pipeline.datasets.NPZDataset", "killer.KillDuringSave")
        .replace("${_run_root}", "${globals:data_root}/runs/${runtime_params:run_id, no-run}")
    )
    catalog.write_text("primary_sequences:\n" + entry + "\n")
    kedro(project, "run", *BUILD, "--params", "run_id=before")
    killed = kedro(
        project, "run", *BUILD, "--params", "run_id=S", extra={"KILL_DURING_SAVE": "1"}, ok=False
    )
    assert killed.returncode == -signal.SIGKILL
    assert store_of(project).part_states("S") == {"ingest+normalize+split": "abandoned"}
    refused = kedro(project, "run", "--pipelines", "split", "--params", "run_id=S", ok=False)
    assert refused.returncode != 0
    assert "primary_sequences in run S is written by part ingest+normalize+split" in (
        refused.stdout + refused.stderr
    )
    split_reads_newest_complete(project, "before")  # no id: never the killed run
    kedro(project, "run", *BUILD, "--params", "run_id=S")
    split_reads_newest_complete(project, "S")


@pytest.mark.parametrize(
    "damage", ["status-empty", "status-truncated", "manifest-empty", "manifest-truncated"]
)
def test_a_damaged_record_in_another_run_does_not_stop_a_command_without_an_id(project, damage):
    kedro(project, "run", *BUILD, "--params", "run_id=good")
    kedro(project, "run", "--pipelines", "ingest,normalize", "--params", "run_id=damaged")
    kind, how = damage.split("-")
    folder = project / "data/runs/damaged"
    target = folder / "manifest.json" if kind == "manifest" else next(folder.glob("status/*"))
    text = target.read_text()
    target.write_text("" if how == "empty" else text[: len(text) // 2])
    done = kedro(project, "run", "--pipelines", "split")
    # The warning names the file (whitespace dropped: a log line may wrap inside the path).
    assert str(target) in "".join((done.stdout + done.stderr).split())
    assert store_of(project).statuses("good")["split"]["status"] == "succeeded"


def test_a_full_disk_during_a_status_write_leaves_the_store_usable(project, monkeypatch):
    kedro(project, "run", *BUILD, "--params", "run_id=good")
    monkeypatch.chdir(project)
    bootstrap_project(project)
    real = store_io._write_text

    def full_disk(handle, text: str) -> None:
        if '"status": "succeeded"' in text:
            handle.write(text[:10])
            raise OSError(errno.ENOSPC, "No space left on device")
        real(handle, text)

    monkeypatch.setattr(store_io, "_write_text", full_disk)
    params = {"run_id": "full", "raw_path": str(project.parent / "in.parquet")}
    with (
        KedroSession.create(project_path=project, runtime_params=params) as session,
        pytest.raises(OSError, match="No space left"),
    ):
        session.run(pipeline_names=["ingest", "normalize"])
    monkeypatch.setattr(store_io, "_write_text", real)
    status = next((project / "data/runs/full/status").glob("*.json"))
    assert json.loads(status.read_text())["status"] == "running"  # the last whole record
    split_reads_newest_complete(project, "good")


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_data_root_is_refused_naming_the_variable(project, value):
    done = kedro(
        project, "run", "--pipelines", "ingest", extra={"SEQ_PIPELINE_DATA_ROOT": value}, ok=False
    )
    assert done.returncode != 0
    assert "SEQ_PIPELINE_DATA_ROOT" in done.stdout + done.stderr
    assert not (project / "runs").exists() and not Path("/runs").exists()


def test_credentials_in_the_raw_path_are_never_recorded_or_logged(project):
    secret_url = "http://user:SECRET@127.0.0.1:9/x.csv?token=SECRET2"
    done = kedro(
        project,
        "run",
        "--pipelines",
        "ingest",
        "--params",
        f"run_id=sec,raw_path={secret_url}",
        ok=False,
    )
    assert done.returncode != 0
    run_folder = project / "data/runs/sec"
    records = "".join(p.read_text() for p in run_folder.rglob("*.json") if p.is_file())
    assert "http://<redacted>@127.0.0.1:9/x.csv?token=<redacted>" in records
    logs = (
        "".join(p.read_text() for p in (project / "logs").glob("*.log"))
        if (project / "logs").exists()
        else ""
    )
    for text in (records, logs, done.stdout):
        assert "SECRET" not in text


@pytest.mark.parametrize("raw", ["/dev/zero", "fifo"])
def test_a_raw_input_that_is_not_a_regular_file_is_refused_at_once(project, raw):
    if raw == "fifo":
        raw = str(project.parent / "in.fifo")
        os.mkfifo(raw)
    done = kedro(
        project, "run", "--pipelines", "ingest", "--params", f"run_id=z,raw_path={raw}", ok=False
    )
    assert done.returncode != 0
    assert "not a regular file" in done.stdout + done.stderr

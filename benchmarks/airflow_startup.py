"""Start-up cost of one Airflow task: a per-node task against a stage-level task.

Each task of the DAGs that `make dags` writes is its own process under a real executor, and
pays Airflow's, Kedro's and TensorFlow's imports plus a Kedro session before its nodes run.
This times `airflow tasks test` (one process, as a worker runs a task) on tiny data for

A  `seq_pipeline__ingest` / `ingest.resolve_columns`  (per-node DAG: one node per task)
B  `seq_pipeline__default__stages` / `ingest`         (stage-level DAG: the stage's 2 nodes)

alternately (A B A B ...) because the machine is shared. Start-up = wall time minus the time
Kedro spent inside the nodes (its "Node time" log line); CPU seconds are less sensitive to
other load than wall seconds. Airflow's home, database and the data live in a temporary folder.

    python benchmarks/airflow_startup.py [--repeats 2]   # writes results/airflow_startup.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "benchmarks" / "results"
sys.path.insert(0, str(PROJECT / "src"))
from seq_pipeline.core.demo import make_event_sequences, to_long_table  # noqa: E402

BIN = Path(sys.executable).parent
TASKS = {
    "per_node": ("seq_pipeline__ingest", "ingest.resolve_columns"),
    "stage": ("seq_pipeline__default__stages", "ingest"),
}
NODE_TIME = re.compile(r"Node time ([0-9.]+) s in all")


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds (the process and its children) of a command, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise RuntimeError(result.stdout[-3000:] + result.stderr[-3000:])
    return wall, cpu, result.stdout + result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="airflow-startup-"))
    raw = root / "raw.csv"
    x, y = make_event_sequences(n_sequences=240, n_steps=12, seed=7, pulse_height=5.0)
    to_long_table(x, y, ("a", "b")).to_csv(raw, index=False)
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(root / "home"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(root / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{root / 'home' / 'airflow.db'}",
        "KEDRO_DISABLE_TELEMETRY": "1",
        # `airflow tasks test` takes no DAG-run conf: production reads its input from here.
        "SEQ_PIPELINE_RAW_PATH": str(raw),
        "SEQ_PIPELINE_DATA_ROOT": str(root / "data"),
    }
    (root / "home").mkdir()
    generate = [sys.executable, "-m", "seq_pipeline.orchestration.dags", "--env", "production"]
    _run([*generate, "--target-dir", str(root / "dags"), "--project-path", str(PROJECT)], env)
    _run([str(BIN / "airflow"), "db", "migrate"], env)

    samples: dict[str, list[dict[str, float]]] = {kind: [] for kind in TASKS}
    for repeat in range(args.repeats):
        for kind, (dag_id, task_id) in TASKS.items():
            wall, cpu, log = _run([str(BIN / "airflow"), "tasks", "test", dag_id, task_id], env)
            nodes = float(NODE_TIME.findall(log)[-1])
            samples[kind].append({"wall_s": wall, "cpu_s": cpu, "node_s": nodes})
            print(f"{repeat} {kind:8} wall {wall:6.1f} s  cpu {cpu:6.1f} s  nodes {nodes:.1f} s")

    summary = {
        kind: {
            "startup_wall_s": statistics.median(s["wall_s"] - s["node_s"] for s in rows),
            "cpu_s": statistics.median(s["cpu_s"] for s in rows),
            "node_s": statistics.median(s["node_s"] for s in rows),
        }
        for kind, rows in samples.items()
    }
    report = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "tasks": {kind: "/".join(task) for kind, task in TASKS.items()},
        "samples": samples,
        "median": summary,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "airflow_startup.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()

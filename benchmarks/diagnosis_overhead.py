"""What does diagnosis add to a run? Runs `kedro run` and times every node from Kedro's log.

Usage (from the project root): `python benchmarks/diagnosis_overhead.py [kedro run options]`.
Diagnosis nodes are the `diagnose` pipeline plus `audit_data` (which runs in `split`). Writes
benchmarks/results/diagnosis_overhead.json and prints a summary.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

LOG = Path("info.log")
RESULT = Path("benchmarks/results/diagnosis_overhead.json")
LINE = re.compile(r"^(\S+ \S+) - \S+ - INFO - (Running|Completed) node: (\w+)")
TOTAL = re.compile(r"Pipeline execution completed successfully in ([\d.]+) sec")


def node_seconds(lines: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """Per node: seconds from 'Running' to 'Completed' (function + saving outputs), and from
    the previous node's completion to its own (also loading its inputs)."""
    started: dict[str, datetime] = {}
    seconds: dict[str, float] = {}
    with_io: dict[str, float] = {}
    previous: datetime | None = None
    for line in lines:
        match = LINE.match(line)
        if not match:
            continue
        stamp = datetime.strptime(match[1], "%Y-%m-%d %H:%M:%S,%f")
        if match[2] == "Running":
            started[match[3]] = stamp
            previous = previous or stamp
        elif match[3] in started:
            seconds[match[3]] = (stamp - started.pop(match[3])).total_seconds()
            with_io[match[3]] = (stamp - previous).total_seconds()
            previous = stamp
    return seconds, with_io


def main(args: list[str]) -> None:
    from seq_pipeline.pipelines.diagnose import create_pipeline  # noqa: PLC0415

    diagnosis_nodes = {n.name for n in create_pipeline().nodes} | {"audit_data"}
    offset = LOG.stat().st_size if LOG.exists() else 0
    start = time.perf_counter()
    subprocess.run(["kedro", "run", *args], check=True)
    wall = time.perf_counter() - start
    with LOG.open(encoding="utf8") as log:
        log.seek(offset)
        lines = log.read().splitlines()
    seconds, with_io = node_seconds(lines)
    pipeline = next((float(m[1]) for line in lines if (m := TOTAL.search(line))), wall)
    diagnosis = sum(s for n, s in seconds.items() if n in diagnosis_nodes)
    diagnosis_io = sum(s for n, s in with_io.items() if n in diagnosis_nodes)
    result = {
        "command": " ".join(["kedro", "run", *args]),
        "wall_seconds": round(wall, 1),
        "pipeline_seconds": pipeline,
        "diagnosis_seconds": round(diagnosis, 2),
        "diagnosis_seconds_with_io": round(diagnosis_io, 2),
        "overhead_vs_run_without_diagnosis": round(diagnosis_io / (pipeline - diagnosis_io), 4),
        "node_seconds": {n: round(s, 2) for n, s in sorted(seconds.items(), key=lambda i: -i[1])},
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "node_seconds"}, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])

"""Benchmark the default `kedro run`: wall time, time per node, peak memory, test metrics.

Two runs of the same configuration, one after the other:
1. the command a user types, `kedro run`, from the environment this interpreter belongs to
   (`make run`'s .venv when started as `.venv/bin/python`): its wall time from launch to exit,
   interpreter and plugins included, is the headline, with its peak RSS and test metrics;
2. the project in-process through a real KedroSession (the code path of `kedro run`), for
   the time per node from the project's `NodeTimingHook`.
Writes `benchmarks/results/<name>.json` plus a Markdown summary on stdout.

    python benchmarks/run_benchmark.py                 # default run on the demo data
    python benchmarks/run_benchmark.py --env seed      # the practitioner's original setup
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from importlib.metadata import entry_points
from pathlib import Path

from _machine import PROJECT, RESULTS, machine_info, start_kedro_project

# Nodes that exist only to explain the result; their share of the run is the diagnosis cost.
DIAGNOSIS_PIPELINE = "diagnose"
DIAGNOSIS_EXTRA_NODES = ("audit.audit_data",)


def run(env: str | None, params: dict) -> dict:
    began = time.perf_counter()  # start-up: Kedro's import and the project's bootstrap
    start_kedro_project()
    from kedro.framework.project import pipelines  # noqa: PLC0415
    from kedro.framework.session import KedroSession  # noqa: PLC0415

    from seq_pipeline.framework.hooks.node_timing import NodeTimingHook  # noqa: PLC0415
    from seq_pipeline.framework.runs import new_run_id  # noqa: PLC0415
    from seq_pipeline.settings import HOOKS  # noqa: PLC0415
    from seq_pipeline.training import tf_logging  # noqa: PLC0415

    timing = next(hook for hook in HOOKS if isinstance(hook, NodeTimingHook))
    params = {**params, "run_id": new_run_id()}
    cpu_start = _cpu_seconds()
    start = time.perf_counter()
    with KedroSession.create(project_path=PROJECT, env=env, runtime_params=params) as session:
        session.run()
    wall = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_start
    with KedroSession.create(project_path=PROJECT, env=env, runtime_params=params) as session:
        catalog = session.load_context().catalog
        metrics, diagnosis = catalog.load("metrics"), catalog.load("diagnosis")
        history = catalog.load("training_history")

    diagnosis_nodes = set(DIAGNOSIS_EXTRA_NODES)
    if DIAGNOSIS_PIPELINE in pipelines:
        diagnosis_nodes |= {node.name for node in pipelines[DIAGNOSIS_PIPELINE].nodes}
    diagnosis_seconds = sum(t for name, t in timing.durations.items() if name in diagnosis_nodes)
    return {
        "command": "kedro run" + (f" --env {env}" if env else ""),
        "wall_seconds": round(wall, 1),
        "node_seconds": {k: round(v, 2) for k, v in sorted(timing.durations.items())},
        "time_breakdown": _breakdown(
            start - began, wall, timing.durations, tf_logging.import_seconds
        ),
        "cpu_seconds_of_run": round(cpu, 1),
        "load_average_1_5_15_min_at_end": [round(v, 1) for v in os.getloadavg()],
        "training": {
            key: history.get(key) for key in ("epochs_run", "best_epoch", "epoch_seconds")
        },
        "diagnosis_seconds": round(diagnosis_seconds, 1),
        "diagnosis_share_of_run": round(diagnosis_seconds / wall, 3),
        "metrics_test": metrics["test"],
        "verdict": diagnosis["verdict"],
        "comparison": diagnosis.get("comparison"),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "machine": machine_info("tensorflow", "keras", "kedro"),
    }


def run_command(env: str | None) -> dict:
    """`kedro run` as a user starts it: wall seconds from launch to exit, peak RSS.

    It runs first, while this process is small: a child's peak RSS counts from the fork.
    """
    from seq_pipeline.framework.runs import new_run_id  # noqa: PLC0415

    run_id = new_run_id()
    command = [str(Path(sys.executable).parent / "kedro"), "run", "--params", f"run_id={run_id}"]
    command += ["--env", env] if env else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        done = subprocess.run(
            command, check=False, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT
        )
        wall = time.perf_counter() - start
        if done.returncode:
            log.seek(0)
            sys.exit(f"{' '.join(command)} failed:\n{log.read().decode()[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "command": "kedro run" + (f" --env {env}" if env else ""),
        "run_id": run_id,
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round(
            after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1
        ),
        "peak_rss_mib": round(after.ru_maxrss / 1024, 1),
        # Installed Kedro plugins load at every CLI start, so they are part of the wall time.
        "kedro_plugins": sorted(
            {
                ep.dist.name
                for group in ("kedro.hooks", "kedro.project_commands", "kedro.global_commands")
                for ep in entry_points(group=group)
                if ep.dist is not None
            }
        ),
        "load_average_1_5_15_min_at_end": [round(v, 1) for v in os.getloadavg()],
    }


def command_results(command: dict, env: str | None) -> dict:
    """The command's run, read back through the catalog: its epochs and test accuracy."""
    from kedro.framework.session import KedroSession  # noqa: PLC0415

    params = {"run_id": command["run_id"]}
    with KedroSession.create(project_path=PROJECT, env=env, runtime_params=params) as session:
        catalog = session.load_context().catalog
        metrics, history = catalog.load("metrics"), catalog.load("training_history")
    return {
        **command,
        "epochs_run": history.get("epochs_run"),
        "test_accuracy": metrics["test"]["accuracy"],
    }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _breakdown(
    startup: float, wall: float, durations: dict, tf_import: float | None
) -> dict[str, float]:
    """Seconds by stage (node names are `<stage>.<node>`), TensorFlow's import apart.

    Kedro materialises a run's datasets when the run starts; the model dataset's class
    (kedro-datasets' TensorFlowModelDataset) imports TensorFlow then, outside every node, so
    the import is taken out of `between_nodes`: the rest of it is the run's own overhead and
    catalog I/O (a node's time excludes loading its inputs and saving its outputs).
    """
    stages: dict[str, float] = {}
    for name, seconds in durations.items():
        stage = name.split(".", 1)[0] if "." in name else name
        stages[stage] = stages.get(stage, 0.0) + seconds
    tf_import = tf_import or 0.0
    result = {"startup_before_run": startup, "tensorflow_import": tf_import, **stages}
    result["between_nodes"] = wall - sum(durations.values()) - tf_import
    return {key: round(value, 2) for key, value in result.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default=None, help="Kedro environment, e.g. seed")
    parser.add_argument("--name", default=None, help="result file name (default: env or 'default')")
    args = parser.parse_args()
    os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "1")
    command = run_command(args.env)
    result = run(args.env, params={})
    command = command_results(command, args.env)
    result = {"whole_command": command, **result}
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{args.name or args.env or 'default'}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")

    test = result["metrics_test"]
    print("| command | wall s (launch to exit) | epochs | peak RSS MiB | test acc |")
    print("|---|---|---|---|---|")
    print(
        f"| `{command['command']}` | {command['wall_seconds']} | {command['epochs_run']} | "
        f"{command['peak_rss_mib']} | {command['test_accuracy']:.4f} |"
    )
    print("\n| in-process | wall s | diagnosis s (share) | peak RSS MiB | test acc | verdict |")
    print("|---|---|---|---|---|---|")
    print(
        f"| `{result['command']}` | {result['wall_seconds']} | {result['diagnosis_seconds']} "
        f"({result['diagnosis_share_of_run']:.0%}) | {result['peak_rss_mib']} | "
        f"{test['accuracy']:.4f} | {result['verdict']} |"
    )
    print("\n| where the time goes | seconds |\n|---|---|")
    for stage, seconds in result["time_breakdown"].items():
        print(f"| {stage} | {seconds} |")
    print(f"\nwritten to {out.relative_to(PROJECT)}", file=sys.stderr)


if __name__ == "__main__":
    main()

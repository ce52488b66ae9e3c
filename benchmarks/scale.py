"""Time and peak memory of ingest → normalize → split against N: sharded vs in memory.

Generates seeded long-format Parquet parts (25 steps × 2 features, the demo's learnable
pulse-order signal at raw sensor scales, 50 000 sequences per part), then runs the real
`kedro run --pipelines shard` for each N and `--pipelines ingest,normalize,split` (the
in-memory path) for the smaller N, each in a fresh process whose whole process tree's RSS
is polled with psutil. Smaller N are hard links to the first parts of the largest, so every
N reads the same sequences. Data and run outputs stay under --data (never in the repo).

    python benchmarks/scale.py --data /work/scale_data --sizes 100000 1000000 10000000 \
        --memory-sizes 100000 1000000

Results: benchmarks/results/scale.{json,md} and scale.png (--plot-only redraws them).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import psutil
from _machine import cpu_model

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks/results"
PART = 50_000
STEPS = 25
SEED = 2024


def generate(folder: Path, n: int) -> Path:
    """`n` sequences as Parquet parts of `PART` sequences; parts already there are kept."""
    from seq_pipeline.core.demo import FEATURES, make_event_sequences, to_raw_scale  # noqa: PLC0415
    from seq_pipeline.core.formats import long_table  # noqa: PLC0415

    folder.mkdir(parents=True, exist_ok=True)
    for part in range(-(-n // PART)):
        path = folder / f"part-{part:05d}.parquet"
        if path.exists():
            continue
        size = min(PART, n - part * PART)
        x, y = make_event_sequences(size, STEPS, seed=SEED + part)
        ids = [f"seq{part * PART + i:09d}" for i in range(size)]
        table = long_table(to_raw_scale(x), y, FEATURES, ids)
        table.to_parquet(path.with_suffix(".partial"), index=False)
        path.with_suffix(".partial").rename(path)
    return folder


def subset(full: Path, folder: Path, n: int) -> Path:
    """The first `n` sequences of `full` as hard links (no copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in sorted(full.glob("part-*.parquet"))[: -(-n // PART)]:
        if not (folder / part.name).exists():
            os.link(part, folder / part.name)
    return folder


def measure(command: list[str], env: dict, log: Path) -> dict:
    """Wall time and peak RSS of the whole process tree (polled every 0.1 s)."""
    started = time.perf_counter()
    with log.open("w") as out:
        proc = psutil.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = 0
        while proc.poll() is None:
            rss = 0
            try:
                for p in [proc, *proc.children(recursive=True)]:
                    rss += p.memory_info().rss
            except psutil.Error:
                pass
            peak = max(peak, rss)
            time.sleep(0.1)
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mb": round(peak / 2**20),
        "returncode": proc.returncode,
        "log": str(log),
    }


def run_pipeline(path: str, data: Path, raw: Path, n: int, pipelines: str, extra: str = "") -> dict:
    """One `kedro run` of `pipelines` on `raw` (+ `extra` params), outputs under `data/runs`."""
    run_id = f"scale-{path}-{n}-{int(time.time())}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "SEQ_PIPELINE_DATA_ROOT": str(data / "root"),
        "KEDRO_DISABLE_TELEMETRY": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    kedro = str(Path(sys.executable).with_name("kedro"))
    params = f"raw_path={raw},run_id={run_id}{extra}"
    command = [kedro, "run", "--pipelines", pipelines, "--params", params]
    result = measure(command, env, data / f"{path}-{n}.log")
    load = os.getloadavg()
    result.update(path=path, n_sequences=n, n_rows=n * STEPS, command=" ".join(command))
    result["load_average_after"] = [round(v, 2) for v in load]
    shutil.rmtree(data / "root" / "runs" / run_id, ignore_errors=True)
    print(json.dumps(result), flush=True)
    return result


def machine() -> dict:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "note": "2 cores shared with other jobs; load average recorded per run",
    }


def write_results(results: list[dict], meta: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps({**meta, "runs": results}, indent=1) + "\n")
    lines = [
        "# Time and peak RSS vs N: ingest → normalize → split",
        "",
        f"Machine: {meta['machine']}. Date: {meta['date']}. Command: `{meta['command']}`.",
        f"Load average at start: {meta['load_average_start']}.",
        *(
            [f"Added later: `{meta['appended']['command']}` ({meta['appended']['date']})."]
            if meta.get("appended")
            else []
        ),
        "",
        "| path | sequences | rows | wall s | s per 1 M seq | peak RSS MB | load after | rc |",
        "|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    for r in results:
        per = r["seconds"] / r["n_sequences"] * 1e6
        lines.append(
            f"| {r['path']} | {r['n_sequences']:,} | {r['n_rows']:,} | {r['seconds']} | "
            f"{per:.0f} | {r['peak_rss_mb']:,} | {r['load_average_after']} | {r['returncode']} |"
        )
    for path in ("shard", "in-memory"):
        runs = [r for r in results if r["path"] == path and r["returncode"] == 0]
        if len(runs) >= 2:
            slope, start = np.polyfit(
                [r["n_sequences"] / 1e6 for r in runs], [r["seconds"] for r in runs], 1
            )
            lines.append(
                f"\n{path}: least-squares fit wall s = {start:.0f} + "
                f"{slope:.0f} × (N / 1 M) over {len(runs)} runs."
            )
    if meta.get("notes"):
        lines += ["", "## Reading", "", *meta["notes"]]
    (RESULTS / "scale.md").write_text("\n".join(lines) + "\n")
    plot(results)


def plot(results: list[dict]) -> None:
    import matplotlib  # noqa: PLC0415
    import matplotlib.ticker  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, (ax_time, ax_mem) = plt.subplots(1, 2, figsize=(10, 4))
    for path, style in (("shard", "o-"), ("in-memory", "s--"), ("shard-dask", "^:")):
        runs = sorted(
            (r for r in results if r["path"] == path and r["returncode"] == 0),
            key=lambda r: r["n_sequences"],
        )
        if not runs:
            continue
        n = np.array([r["n_sequences"] for r in runs])
        ax_time.plot(n, [r["seconds"] for r in runs], style, label=path)
        ax_mem.plot(n, [r["peak_rss_mb"] / 1024 for r in runs], style, label=path)
    ax_mem.axhline(2, color="grey", linestyle=":", label="2 GB target")
    for ax, label in ((ax_time, "wall time (s)"), (ax_mem, "peak RSS, process tree (GB)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
        ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.set_xlabel("sequences (25 steps × 2 features)")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.suptitle("ingest → normalize → split: sharded vs in memory")
    fig.tight_layout()
    fig.savefig(RESULTS / "scale.png", dpi=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/scale_data"))
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--memory-sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--dask-sizes", type=int, nargs="*", default=[])
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--plot-only", action="store_true")
    parser.add_argument("--append", action="store_true", help="add to the saved results")
    args = parser.parse_args()
    if args.plot_only:
        write_results(*_saved())
        return
    every = sorted({*args.sizes, *args.memory_sizes, *args.dask_sizes})
    full = generate(args.data / "parts" / "full", every[-1])
    n_full = len(list(full.glob("part-*.parquet"))) * PART
    if args.generate_only:
        return
    meta = {
        "machine": machine(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": "python benchmarks/scale.py " + " ".join(sys.argv[1:]),
        "load_average_start": [round(v, 2) for v in os.getloadavg()],
        "part_sequences": PART,
    }
    results = []
    if args.append:
        results, meta = _saved()
        meta["appended"] = {
            "command": "python benchmarks/scale.py " + " ".join(sys.argv[1:]),
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
    for n in every:
        raw = subset(full, args.data / "parts" / str(n), n) if n < n_full else full
        if n in args.memory_sizes:
            results.append(run_pipeline("in-memory", args.data, raw, n, "ingest,normalize,split"))
            write_results(results, meta)
        if n in args.sizes:
            results.append(run_pipeline("shard", args.data, raw, n, "shard"))
            write_results(results, meta)
        if n in args.dask_sizes:
            dask = ",shard_options.engine=dask"
            results.append(run_pipeline("shard-dask", args.data, raw, n, "shard", dask))
            write_results(results, meta)


def _saved() -> tuple[list[dict], dict]:
    saved = json.loads((RESULTS / "scale.json").read_text())
    return saved.pop("runs"), saved


if __name__ == "__main__":
    main()

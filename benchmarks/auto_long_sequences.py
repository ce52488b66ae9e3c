"""Time of `architecture: auto` on a larger, longer set: ~300 series × 900 steps × 6 features.

Issue 9's target: `auto` finishes within 10 minutes per set on 2 CPU cores. The set is
generated here, seeded, with a learnable signal (class 1 carries a smooth bump of random
position and width in two of the six noisy features), written once as a long Parquet table
under the benchmark data root, and run through the whole pipeline (`kedro run --env benchmark
--params raw_path=<file>,train_options.architecture=auto`) with benchmarks/real_data.py's
`run_once`. Writes benchmarks/results/auto_long_sequences.{json,md}.

    python benchmarks/auto_long_sequences.py --seeds 0
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import PROJECT, RESULTS, machine_info, start_kedro_project, utc_minute
from _real_data_report import selection_scores
from real_data import run_once

N_SERIES, N_STEPS, N_FEATURES = 300, 900, 6
TARGET_SECONDS = 600


def long_sequences(seed: int) -> pd.DataFrame:
    """N_SERIES × N_STEPS × N_FEATURES of noise; class 1 adds a bump to features 0 and 3."""
    rng = np.random.default_rng(seed)
    y = (rng.random(N_SERIES) < 0.5).astype(np.int8)
    x = rng.standard_normal((N_SERIES, N_STEPS, N_FEATURES)).astype(np.float32)
    steps = np.arange(N_STEPS)[None, :]
    centre = rng.integers(100, N_STEPS - 100, size=(N_SERIES, 1))
    width = rng.uniform(20, 60, size=(N_SERIES, 1))
    bump = 1.5 * np.exp(-0.5 * ((steps - centre) / width) ** 2) * y[:, None]
    x[:, :, 0] += bump
    x[:, :, 3] -= bump
    return pd.DataFrame(
        {
            "sequence_id": np.repeat([f"s{i:04d}" for i in range(N_SERIES)], N_STEPS),
            "timestep": np.tile(np.arange(N_STEPS), N_SERIES),
            **{f"f{j}": x[:, :, j].ravel() for j in range(N_FEATURES)},
            "label": np.repeat(y, N_STEPS),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--auto-budget", type=float, default=None, help="auto_time_budget_s")
    args = parser.parse_args()
    start_kedro_project()
    raw_dir = PROJECT / "data" / "benchmark" / "01_raw"
    raw_dir.mkdir(parents=True, exist_ok=True)
    runs = []
    for seed in args.seeds:
        name = f"synthetic_{N_SERIES}x{N_STEPS}x{N_FEATURES}_seed{seed}"
        path = raw_dir / f"{name}.parquet"
        if not path.exists():  # raw data is never overwritten
            long_sequences(seed).to_parquet(path)
        runs.append(run_once(name, seed, "auto", args.auto_budget, raw_path=str(path)))
        print(json.dumps(runs[-1]), flush=True)
    result = {
        "command": "python benchmarks/auto_long_sequences.py --seeds "
        + " ".join(map(str, args.seeds))
        + (f" --auto-budget {args.auto_budget}" if args.auto_budget else ""),
        "date": utc_minute(),
        "machine": machine_info(),
        "shape": [N_SERIES, N_STEPS, N_FEATURES],
        "target_seconds": TARGET_SECONDS,
        "runs": runs,
    }
    (RESULTS / "auto_long_sequences.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# `auto` on {N_SERIES} × {N_STEPS} × {N_FEATURES} (generated, learnable)",
        "",
        f"Machine: {result['machine']['cpus']} CPU cores shared with other jobs, "
        f"{result['machine']['platform']}. Date: {result['date']}. "
        f"Command: `{result['command']}`.",
        "",
        "| seed | chosen | val scores | test acc | verdict | train s | wall s | ≤ 600 s | "
        "load before/after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        shown = selection_scores(r["selection"])
        lines.append(
            f"| {r['seed']} | {r['architecture']} | {shown} | {r['test_accuracy']:.4f} | "
            f"{r['verdict']} | {r['train_seconds']} | {r['wall_seconds']} | "
            f"{'met' if r['wall_seconds'] <= TARGET_SECONDS else '**not met**'} | "
            f"{'/'.join(map(str, r['load_average']))} |"
        )
    (RESULTS / "auto_long_sequences.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

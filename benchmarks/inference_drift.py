"""False alarms and power of inference's drift check (no training needed).

For each seed, one pool of demo event sequences (`core.demo.make_event_sequences`, the demo
data's generator) is cut at random into "training" sequences and a new "batch": the two are
exchangeable, so every `shifted` verdict is a false alarm. The same batch is then moved (an
offset of one feature, in training stds, or a change of its scale) to measure how often a real
shift is caught. Every check runs with the default `inference_options` (2 000 sequences per
side at most, 199 permutations), on the tensors inference would hand it.

    OMP_NUM_THREADS=1 python benchmarks/inference_drift.py [--seeds 60]

Writes benchmarks/results/inference_drift.json and .md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time

import numpy as np
from _machine import PROJECT, RESULTS, machine_info

POOL, BATCH, STEPS = 1500, 500, 25
SHIFTS = {"offset 0.3 std (feature 0)": (0.3, 1.0), "scale ×1.3 (feature 0)": (0.0, 1.3)}


def tensors_of(x: np.ndarray) -> dict[str, np.ndarray]:
    """Canonical tensors of full-length sequences (the shape inference produces)."""
    return {
        "X": x.astype("float32"),
        "mask": np.ones(x.shape[:2], dtype=bool),
        "y": np.full(len(x), -1, dtype=np.int8),
        "ids": np.array([str(i) for i in range(len(x))]),
        "feature_names": np.array(["f0", "f1"]),
    }


def one_seed(seed: int) -> dict:
    """The verdict on an exchangeable batch and on each shifted copy of it, for one seed."""
    from seq_pipeline.core.demo import make_event_sequences  # noqa: PLC0415
    from seq_pipeline.pipelines.inference.options import InferenceOptions  # noqa: PLC0415
    from seq_pipeline.pipelines.inference.report import drift_check  # noqa: PLC0415

    x, _ = make_event_sequences(n_sequences=POOL, n_steps=STEPS, seed=seed)
    order = np.random.default_rng(seed).permutation(POOL)
    training = tensors_of(x[order[BATCH:]])
    train_rows = np.arange(POOL - BATCH)
    batch = x[order[:BATCH]]
    options = InferenceOptions()
    start = time.perf_counter()
    same = drift_check(tensors_of(batch), training, train_rows, options, seed)
    seconds = time.perf_counter() - start
    result = {"seed": seed, "exchangeable": same["verdict"], "seconds": round(seconds, 3)}
    result["domain_auc"] = round(same["domain_classifier"]["roc_auc"], 4)
    for name, (offset, scale) in SHIFTS.items():
        moved = batch.copy()
        std = x[order[BATCH:], :, 0].std()
        moved[..., 0] = (moved[..., 0] - moved[..., 0].mean()) * scale + moved[..., 0].mean()
        moved[..., 0] += offset * std
        result[name] = drift_check(tensors_of(moved), training, train_rows, options, seed)[
            "verdict"
        ]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=60)
    args = parser.parse_args()
    rows = []
    for seed in range(args.seeds):
        rows.append(one_seed(seed))
        print(f"seed {seed}: {rows[-1]}", file=sys.stderr)
    false_alarms = sum(r["exchangeable"] == "shifted" for r in rows)
    detected = {name: sum(r[name] == "shifted" for r in rows) for name in SHIFTS}
    result = {
        "command": f"OMP_NUM_THREADS=1 python benchmarks/inference_drift.py --seeds {args.seeds}",
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info("numpy", "scipy"),
        "data": f"demo event sequences, {POOL} per seed: {POOL - BATCH} training, {BATCH} batch",
        "seeds": args.seeds,
        "false_alarms": false_alarms,
        "detected": detected,
        "median_seconds_per_check": float(np.median([r["seconds"] for r in rows])),
        "rows": rows,
    }
    (RESULTS / "inference_drift.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        "# Inference drift check: false alarms and power",
        "",
        f"`{result['command']}` — {result['date']}, {result['machine']['cpus']} CPUs.",
        f"Data: {result['data']}; default `inference_options`.",
        "",
        "| batch | `shifted` verdicts |",
        "|---|---|",
        f"| exchangeable with training (false alarms) | {false_alarms} / {args.seeds} |",
        *(f"| {name} | {n} / {args.seeds} |" for name, n in detected.items()),
        "",
        f"Median time per check: {result['median_seconds_per_check']:.2f} s.",
    ]
    (RESULTS / "inference_drift.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    written = (RESULTS / "inference_drift.json").relative_to(PROJECT)
    print(f"\nwritten to {written}", file=sys.stderr)


if __name__ == "__main__":
    main()

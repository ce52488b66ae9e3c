"""False-alarm rate and cost of the audit's near-copy, shift and shortcut checks (no training).

Runs the data through the project's own ingest → normalize → split node functions, then the
audit's new checks, over several seeds:
- demo data (`seq_pipeline.core.demo.generate_demo_table`, random split): near-copies; shift is
  not tested on a random split by design, so the shift test is also *forced* on it (test rows
  marked as given): train and test are exchangeable there, so every flag is a false alarm
  and the rate estimates the test's own type I error (target ≤ 5 %);
- ItalyPowerDemand (bundled with aeon, official TRAIN 67 / TEST 1029 split): both checks as
  the pipeline runs them, and the forced shift test on random re-splits of the pooled data;
- 100 seeds of smaller event data (1 000 sequences), random split, shift test forced;
- cost: seconds of the new checks vs the whole audit on the full demo data, side by side
  in one process (best of 3), and on a 100 000-sequence set to show the sampling caps bound time and
  memory;
- the shortcut checks (leaky column, identifier, length; `_shortcut_cases.py`): false alarms
  over 100 seeds of each kind of honest data, detections of planted shortcuts, and their cost
  on the demo data through the project's own ingest → normalize → split.

    OMP_NUM_THREADS=1 python benchmarks/diagnosis_false_alarms.py [--seeds 5]
    OMP_NUM_THREADS=1 python benchmarks/diagnosis_false_alarms.py --shortcuts-only

Writes benchmarks/results/diagnosis_false_alarms.json (or, with --shortcuts-only, only the
shortcut rows to diagnosis_false_alarms_shortcuts.json) and prints a Markdown summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
import tracemalloc

import numpy as np
from _machine import PROJECT, RESULTS, machine_info
from _shortcut_cases import markdown, shortcut_rates

# The default run's measured time and diagnosis time (benchmarks/results/default.json).
DEFAULT_RUN = RESULTS / "default.json"


def prepare(raw, seed: int, positive_label: str | None = None) -> tuple[dict, dict]:
    """Raw long table → canonical tensors and split, through the project's node functions."""
    from seq_pipeline.core.columns import ColumnSpec  # noqa: PLC0415
    from seq_pipeline.core.splits import SplitOptions, split_sequences  # noqa: PLC0415
    from seq_pipeline.core.tensors import NormalizeOptions, build_sequence_tensors  # noqa: PLC0415
    from seq_pipeline.pipelines.ingest.nodes import validate_sequences  # noqa: PLC0415
    from seq_pipeline.pipelines.normalize.nodes import describe_preprocessing, encode_labels  # noqa: PLC0415

    table, report = validate_sequences(raw, ColumnSpec())
    options = NormalizeOptions(positive_label=positive_label)
    mapping = encode_labels(table, options, report)
    spec = describe_preprocessing(table, mapping, options)
    tensors, _ = build_sequence_tensors(table, spec, report)
    return tensors, split_sequences(tensors, SplitOptions(), seed, mapping, report)


def new_checks(sequences: dict, split: dict, seed: int, force_shift: bool = False) -> dict:
    """The near-copy and shift findings with the default audit options."""
    from seq_pipeline.pipelines.audit.nodes import near_copy_finding, shift_finding  # noqa: PLC0415
    from seq_pipeline.pipelines.audit.options import AuditOptions  # noqa: PLC0415

    o = AuditOptions()
    if force_shift:  # mark the (random) test rows as given: exchangeable by construction
        names = np.full(len(sequences["y"]), "train", dtype=object)
        names[split["test"]] = "test"
        sequences = {**sequences, "split": names.astype(str)}
    copies = near_copy_finding(sequences, split, o, seed)
    shift = shift_finding(sequences, split, o, seed)
    return {"near_copies": copies, "shift": shift}


def brief(found: dict) -> dict:
    """The numbers worth keeping from one run of the checks."""
    copies, shift = found["near_copies"], found["shift"]
    out = {
        "near_copy_flag": copies["flag"],
        "near_copy_test_share": copies.get("test", {}).get("share"),
        "near_copy_test_median_relative": copies.get("test", {}).get("median_relative_distance"),
        "shift_tested": shift["tested"],
        "shift_flag": shift["flag"],
    }
    if shift["tested"]:
        out |= {
            "domain_auc": round(shift["domain_classifier"]["roc_auc"], 3),
            "domain_p": shift["domain_classifier"]["p_value"],
            "moved_features": {k: v["how"] for k, v in shift["moved_features"].items()},
        }
    return out


def rate(runs: list[dict], key: str) -> str:
    flags = [r[key] for r in runs]
    return f"{sum(flags)}/{len(flags)}"


def demo(seeds: list[int]) -> dict:
    from seq_pipeline.core.demo import generate_demo_table  # noqa: PLC0415

    runs, forced = [], []
    for seed in seeds:
        sequences, split = prepare(generate_demo_table(seed=seed), seed)
        runs.append(brief(new_checks(sequences, split, seed)))
        forced.append(brief(new_checks(sequences, split, seed, force_shift=True)))
    return {"pipeline": runs, "shift_forced_on_random_split": forced}


def italy(seeds: list[int]) -> dict:
    from seq_pipeline.datasets import RawSequenceDataset  # noqa: PLC0415

    raw = RawSequenceDataset(filepath="aeon:ItalyPowerDemand").load()
    # The same sequences without the official split: the split stage carves one at random.
    pool = raw.drop(columns=raw.attrs["split_column"])
    pool.attrs = {k: v for k, v in raw.attrs.items() if k != "split_column"}
    runs, forced = [], []
    for seed in seeds:
        sequences, split = prepare(raw, seed, positive_label="2")
        runs.append(brief(new_checks(sequences, split, seed)))
        pooled, resplit = prepare(pool, seed, positive_label="2")
        forced.append(brief(new_checks(pooled, resplit, seed, force_shift=True)))
    return {"official_split": runs, "shift_forced_on_random_resplit": forced}


def timed(function, *args, repeats: int = 3) -> tuple[float, float]:
    """Fastest wall and CPU seconds of `repeats` calls (the machine is shared and noisy)."""
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        function(*args)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return round(min(wall), 2), round(min(cpu), 2)


def synthetic(n_seeds: int) -> list[dict]:
    """Many cheap exchangeable cases: event data, random split, shift test forced."""
    from seq_pipeline.core.demo import make_event_sequences  # noqa: PLC0415
    from seq_pipeline.core.splits import SplitOptions, split_sequences  # noqa: PLC0415

    runs = []
    for seed in range(n_seeds):
        x, y = make_event_sequences(1000, 25, 1000 + seed)
        sequences = big_sequences(x, y)
        split = split_sequences(sequences, SplitOptions(), seed)
        runs.append(brief(new_checks(sequences, split, seed, force_shift=True)))
    return runs


def big_sequences(x: np.ndarray, y: np.ndarray) -> dict:
    return {
        "X": x.astype(np.float32),
        "mask": np.ones(x.shape[:2], bool),
        "y": y,
        "ids": np.array([f"s{i}" for i in range(len(y))]),
        "feature_names": np.array(["pressure", "flow"]),
    }


def cost(seed: int) -> dict:
    """Seconds of the whole audit vs the new checks on the demo data; caps on large data."""
    from seq_pipeline.core.demo import generate_demo_table, make_event_sequences  # noqa: PLC0415
    from seq_pipeline.pipelines.audit.nodes import audit_data  # noqa: PLC0415
    from seq_pipeline.pipelines.audit.options import AuditOptions  # noqa: PLC0415

    sequences, split = prepare(generate_demo_table(seed=seed), seed)
    new_checks(sequences, split, seed)  # warm-up: imports
    audit_wall, audit_cpu = timed(audit_data, sequences, split, AuditOptions(), seed)
    new_wall, new_cpu = timed(new_checks, sequences, split, seed, True)
    large = {}
    for n in (10_000, 100_000):
        x, y = make_event_sequences(n, 25, seed)
        big = big_sequences(x, y)
        order = np.random.default_rng(seed).permutation(n)
        cut = (int(0.7 * n), int(0.85 * n))
        big_split = dict(zip(("train", "val", "test"), np.split(order, cut), strict=True))
        tracemalloc.start()
        wall, cpu = timed(new_checks, big, big_split, seed, True, repeats=1)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        large[n] = {
            "wall_seconds": wall,
            "cpu_seconds": cpu,
            "peak_traced_mib": round(peak / 2**20, 1),
            "data_mib": round(big["X"].nbytes / 2**20, 1),
        }
    reference = json.loads(DEFAULT_RUN.read_text())
    share = (reference["diagnosis_seconds"] + new_wall) / (reference["wall_seconds"] + new_wall)
    return {
        "demo_whole_audit_seconds": {"wall": audit_wall, "cpu": audit_cpu},
        "demo_new_checks_seconds (shift forced)": {"wall": new_wall, "cpu": new_cpu},
        "default_run_wall_seconds (default.json)": reference["wall_seconds"],
        "default_run_diagnosis_seconds (default.json)": reference["diagnosis_seconds"],
        "estimated_diagnosis_share_with_new_checks": round(share, 3),
        "sampling_caps": large,
    }


def shortcut_cost(seed: int) -> dict:
    """Seconds of the shortcut checks and of the whole audit on the demo data (best of 3)."""
    from seq_pipeline.core.demo import generate_demo_table  # noqa: PLC0415
    from seq_pipeline.pipelines.audit.nodes import audit_data  # noqa: PLC0415
    from seq_pipeline.pipelines.audit.options import AuditOptions  # noqa: PLC0415
    from seq_pipeline.pipelines.audit.shortcuts import shortcut_findings  # noqa: PLC0415

    sequences, split = prepare(generate_demo_table(seed=seed), seed)
    options = AuditOptions()
    shortcut_findings(sequences, split, options, seed)  # warm-up: imports
    short_wall, short_cpu = timed(shortcut_findings, sequences, split, options, seed)
    audit_wall, audit_cpu = timed(audit_data, sequences, split, options, seed)
    reference = json.loads(DEFAULT_RUN.read_text())
    share = (reference["diagnosis_seconds"] + short_wall) / (reference["wall_seconds"] + short_wall)
    return {
        "data": f"demo {list(sequences['X'].shape)}, {len(split['train'])} training sequences",
        "shortcut_checks_seconds": {"wall": short_wall, "cpu": short_cpu},
        "whole_audit_with_shortcuts_seconds": {"wall": audit_wall, "cpu": audit_cpu},
        "default_run_wall_seconds (default.json)": reference["wall_seconds"],
        "default_run_diagnosis_seconds (default.json)": reference["diagnosis_seconds"],
        "estimated_diagnosis_share_with_shortcuts": round(share, 3),
    }


def shortcuts_only(started: float) -> None:
    """The shortcut rows alone: minutes, not the whole benchmark."""
    result = {
        "command": "python benchmarks/diagnosis_false_alarms.py --shortcuts-only",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(
            OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS"),
            load_average_at_start=os.getloadavg(),
        ),
        "shortcuts": shortcut_rates(n_seeds=100, n_planted=20),
        "cost": shortcut_cost(0),
    }
    result["benchmark_seconds"] = round(time.perf_counter() - started, 1)
    out = RESULTS / "diagnosis_false_alarms_shortcuts.json"
    out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print("\n".join(markdown(result["shortcuts"])))
    print(f"\ncost on the demo data: {json.dumps(result['cost'], indent=1)}")
    print(f"\nwritten to {out.relative_to(PROJECT)}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--shortcuts-only", action="store_true")
    args = parser.parse_args()
    seeds = list(range(args.seeds))
    started = time.perf_counter()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.shortcuts_only:
        shortcuts_only(started)
        return
    result = {
        "command": f"python benchmarks/diagnosis_false_alarms.py --seeds {args.seeds}",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(
            OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS"),
            load_average_at_start=os.getloadavg(),
        ),
        "demo": demo(seeds),
        "italy_power_demand": italy(seeds),
        "synthetic_event_data_random_split_shift_forced": synthetic(100),
        "cost": cost(seeds[0]),
        "shortcuts": shortcut_rates(n_seeds=100, n_planted=20),
        "shortcut_cost": shortcut_cost(seeds[0]),
    }
    result["benchmark_seconds"] = round(time.perf_counter() - started, 1)
    out = RESULTS / "diagnosis_false_alarms.json"
    out.write_text(json.dumps(result, indent=2, default=str) + "\n")

    d, i, c = result["demo"], result["italy_power_demand"], result["cost"]
    print("| data | split | near-copy flags | shift flags |")
    print("|---|---|---|---|")
    print(f"| demo | random (pipeline) | {rate(d['pipeline'], 'near_copy_flag')} | not tested |")
    forced = d["shift_forced_on_random_split"]
    print(f"| demo | random, shift test forced | — | {rate(forced, 'shift_flag')} |")
    official = i["official_split"]
    print(
        f"| ItalyPowerDemand | official | {rate(official, 'near_copy_flag')} | "
        f"{rate(official, 'shift_flag')} |"
    )
    resplit = i["shift_forced_on_random_resplit"]
    print(
        f"| ItalyPowerDemand | random re-split, forced | {rate(resplit, 'near_copy_flag')} | "
        f"{rate(resplit, 'shift_flag')} |"
    )
    many = result["synthetic_event_data_random_split_shift_forced"]
    print(
        f"| event data ×100 seeds | random, shift test forced | "
        f"{rate(many, 'near_copy_flag')} | {rate(many, 'shift_flag')} |"
    )
    print(
        f"\nnew checks on the demo data (best of 3, wall / CPU s): "
        f"{c['demo_new_checks_seconds (shift forced)']}; whole audit "
        f"{c['demo_whole_audit_seconds']}; estimated diagnosis share of the default run "
        f"{c['estimated_diagnosis_share_with_new_checks']:.1%}"
    )
    print(f"caps: {c['sampling_caps']}")
    print("\n" + "\n".join(markdown(result["shortcuts"])))
    print(f"\nwritten to {out.relative_to(PROJECT)}", file=sys.stderr)


if __name__ == "__main__":
    main()

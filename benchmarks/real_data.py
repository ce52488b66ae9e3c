"""Real-data benchmark: the pipeline on public binary UCR sets bundled (offline) in aeon.

Each run is a real `kedro run --env benchmark --params raw_path=aeon:<Name>,seed=<s>,...`
(in-process KedroSession, all pipelines, official TRAIN/TEST split; validation is carved from
TRAIN only), once with the default `bilstm` and once with `architecture: auto`. Writes
`benchmarks/results/real_data.json` after every run (so a partial run keeps what it did) and
`real_data.md`, side by side with published figures:

- ROCKET: Dempster et al. 2020, github.com/angus924/rocket `results/results_ucr.csv`
  (mean accuracy over 10 runs), commit 41cfd4b.
- InceptionTime: Ismail Fawaz et al. 2020, github.com/hfawaz/InceptionTime
  `results-InceptionTime-128.csv` (ensemble of 5, UCR 2018), commit 365ce4d.

    python benchmarks/real_data.py                         # both sets, seeds 0 1 2
    python benchmarks/real_data.py --sets GunPoint --seeds 0 --auto-budget 300
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from _machine import PROJECT, RESULTS, machine_info, start_kedro_project, utc_minute

# Every binary classification set with an official split shipped in aeon 1.6's datasets/data
# folder (checked by listing it and reading each `.ts` header's @classLabel: ArrowHead,
# OSULeaf, ACSF1, BasicMotions, JapaneseVowels and PickupGestureWiimoteZ are multi-class; the
# CSV/TSF files are forecasting, anomaly or segmentation data). The one other binary file,
# `UnitTest`, is Chinatown cut down for unit tests (its header: test set reduced from 340
# cases to 22), so no published figure applies to it: left out.
SETS = ("ItalyPowerDemand", "GunPoint")
PUBLISHED = {
    "ItalyPowerDemand": {"rocket": 0.96958212, "rocket_std": 0.00102949, "inception": 0.96501458},
    "GunPoint": {"rocket": 1.0, "rocket_std": 0.0, "inception": 1.0},
}
SOURCES = {
    "rocket": "Dempster et al. 2020; angus924/rocket results/results_ucr.csv @41cfd4b",
    "inception": "Ismail Fawaz et al. 2020; hfawaz/InceptionTime "
    "results-InceptionTime-128.csv @365ce4d",
}


def run_once(
    name: str, seed: int, architecture: str, budget: float | None, raw_path: str | None = None
) -> dict:
    """One full `kedro run` on a set (`aeon:<name>` unless `raw_path`); its test metrics,
    verdict, choice, timings and the machine's load average before and after."""
    from kedro.framework.session import KedroSession  # noqa: PLC0415

    from seq_pipeline.framework.hooks.node_timing import NodeTimingHook  # noqa: PLC0415
    from seq_pipeline.framework.runs import new_run_id  # noqa: PLC0415
    from seq_pipeline.settings import HOOKS  # noqa: PLC0415

    train = {"architecture": architecture, "verbose": 0, "tensorboard_dir": None}
    if budget is not None:
        train["auto_time_budget_s"] = budget
    run_id = f"{name}-{architecture}-seed{seed}-{new_run_id()}"
    params = {
        "raw_path": raw_path or f"aeon:{name}",
        "seed": seed,
        "train_options": train,
        "run_id": run_id,
    }
    timing = next(hook for hook in HOOKS if isinstance(hook, NodeTimingHook))
    load_before = os.getloadavg()
    start = time.perf_counter()
    with KedroSession.create(project_path=PROJECT, env="benchmark", runtime_params=params) as s:
        s.run()
    wall = time.perf_counter() - start
    with KedroSession.create(project_path=PROJECT, env="benchmark", runtime_params=params) as s:
        catalog = s.load_context().catalog
        metrics, diagnosis = catalog.load("metrics"), catalog.load("diagnosis")
        history = catalog.load("training_history")
    selection = history.get("selection") or {}
    return {
        "set": name,
        "seed": seed,
        "architecture_option": architecture,
        "architecture": history["architecture"],
        "test_accuracy": metrics["test"]["accuracy"],
        "test_balanced_accuracy": metrics["test"]["balanced_accuracy"],
        "test_roc_auc": metrics["test"]["roc_auc"],
        "verdict": diagnosis["verdict"],
        "selection": {
            "method": selection.get("method"),
            "chosen": selection.get("chosen"),
            "scores": {
                arch: result.get("balanced_accuracy")
                for arch, result in selection.get("candidates", {}).items()
            },
        }
        if selection
        else None,
        "schedule": history["schedule"],
        "epochs_run": history["epochs_run"],
        "stopped_by": history["model_card"]["training"]["stopped_by"],
        "train_seconds": round(
            timing.durations.get("train.train_model", 0.0)
            or timing.durations.get("train_model", 0.0),
            1,
        ),
        "wall_seconds": round(wall, 1),
        # 1-minute load average on the 2 shared cores, before and after the run.
        "load_average": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
    }


def summarize(runs: list[dict]) -> list[dict]:
    """Mean ± std of test accuracy per set and configuration, beside the published figures."""
    rows = []
    for name in SETS:
        for option in ("bilstm", "auto"):
            done = [r for r in runs if r["set"] == name and r["architecture_option"] == option]
            if not done:
                continue
            acc = [r["test_accuracy"] for r in done]
            rocket = PUBLISHED[name]["rocket"]
            rows.append(
                {
                    "set": name,
                    "config": option,
                    "n_seeds": len(done),
                    "mean": statistics.fmean(acc),
                    "std": statistics.stdev(acc) if len(acc) > 1 else 0.0,
                    "rocket": rocket,
                    "inception_time": PUBLISHED[name]["inception"],
                    "meets_rocket_minus_0_02": statistics.fmean(acc) >= rocket - 0.02,
                    "chosen": sorted({r["architecture"] for r in done}),
                    "verdicts": sorted({r["verdict"] for r in done}),
                    "mean_wall_seconds": statistics.fmean(r["wall_seconds"] for r in done),
                }
            )
    return rows


def mean_over_sets(summary: list[dict]) -> list[str]:
    """Per config: mean over sets of the mean test accuracy, against ROCKET's mean − 0.01."""
    lines = []
    for option in ("bilstm", "auto"):
        rows = [r for r in summary if r["config"] == option]
        if {r["set"] for r in rows} != set(SETS):
            continue
        mean = statistics.fmean(r["mean"] for r in rows)
        rocket = statistics.fmean(r["rocket"] for r in rows)
        met = "met" if mean >= rocket - 0.01 else "**not met**"
        lines.append(
            f"Mean over sets, `{option}`: {mean:.4f} (ROCKET {rocket:.4f}; ≥ ROCKET − 0.01: {met})."
        )
    return lines


def selection_scores(selection: dict | None) -> str:
    """`auto`'s score per candidate ("skipped" where the time budget ran out), one line."""
    scores = (selection or {}).get("scores") or {}
    return ", ".join(f"{a} {s:.3f}" if s is not None else f"{a} skipped" for a, s in scores.items())


def markdown(result: dict) -> str:
    """The committed Markdown table."""
    lines = [
        "# Real-data benchmark (public binary UCR sets bundled in aeon, official split)",
        "",
        f"Machine: {result['machine']['cpus']} CPU cores shared with other jobs, "
        f"{result['machine']['platform']}, Python {result['machine']['python']}, "
        f"TensorFlow {result['machine']['tensorflow']}, Keras {result['machine']['keras']}. "
        f"Date: {result['date']}. Command: `{result['command']}`.",
        "",
        "| set | config | seeds | test accuracy (mean ± std) | chosen | verdicts | ROCKET | "
        "InceptionTime | ≥ ROCKET − 0.02 | wall s / run |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in result["summary"]:
        lines.append(
            f"| {row['set']} | `{row['config']}` | {row['n_seeds']} | "
            f"{row['mean']:.4f} ± {row['std']:.4f} | {', '.join(row['chosen'])} | "
            f"{', '.join(row['verdicts'])} | {row['rocket']:.4f} | {row['inception_time']:.4f} | "
            f"{'met' if row['meets_rocket_minus_0_02'] else '**not met**'} | "
            f"{row['mean_wall_seconds']:.0f} |"
        )
    lines += ["", *mean_over_sets(result["summary"]), "", "Per run:"]
    lines += [
        "",
        "| set | config | seed | chosen | CV/val scores | test acc | verdict | "
        "epochs (stopped by) | batch | train s | wall s | load before/after |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["runs"]:
        shown = selection_scores(r["selection"])
        lines.append(
            f"| {r['set']} | `{r['architecture_option']}` | {r['seed']} | {r['architecture']} | "
            f"{shown or '—'} | {r['test_accuracy']:.4f} | {r['verdict']} | "
            f"{r['epochs_run']} ({r['stopped_by']}) | {r['schedule']['batch_size']} | "
            f"{r['train_seconds']} | {r['wall_seconds']} | "
            f"{'/'.join(map(str, r.get('load_average', ['?'])))} |"
        )
    lines += ["", "Sources:"] + [f"- {key}: {src}" for key, src in SOURCES.items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=SETS)
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--configs", nargs="+", default=["bilstm", "auto"])
    parser.add_argument("--auto-budget", type=float, default=None, help="auto_time_budget_s")
    parser.add_argument("--name", default="real_data")
    parser.add_argument("--render", action="store_true", help="only rewrite the .md from .json")
    parser.add_argument(
        "--merge", nargs="+", default=None, help="combine these result names' runs into --name"
    )
    args = parser.parse_args()
    if args.merge:  # runs done side by side in separate processes, one table
        parts = [json.loads((RESULTS / f"{name}.json").read_text()) for name in args.merge]
        result = {**parts[0], "command": " ; ".join(p["command"] for p in parts)}
        result["runs"] = [run for part in parts for run in part["runs"]]
        result["summary"] = summarize(result["runs"])
        (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=2) + "\n")
        args.render = True
    if args.render:
        result = json.loads((RESULTS / f"{args.name}.json").read_text())
        (RESULTS / f"{args.name}.md").write_text(markdown(result))
        return
    start_kedro_project()
    result = {
        "command": "python benchmarks/real_data.py "
        + " ".join(
            f"--{k.replace('_', '-')} {' '.join(map(str, v)) if isinstance(v, list) else v}"
            for k, v in vars(args).items()
            if v is not None and k not in ("render", "merge")
        ),
        "date": utc_minute(),
        "machine": machine_info("tensorflow", "keras"),
        "published": PUBLISHED,
        "sources": SOURCES,
        "runs": [],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    # Seed-major order: an interrupted benchmark still has every set and config at seed 0.
    for seed in args.seeds:
        for name in args.sets:
            for config in args.configs:
                result["runs"].append(run_once(name, seed, config, args.auto_budget))
                result["summary"] = summarize(result["runs"])
                (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=2) + "\n")
                (RESULTS / f"{args.name}.md").write_text(markdown(result))
                print(json.dumps(result["runs"][-1]), flush=True)


if __name__ == "__main__":
    main()

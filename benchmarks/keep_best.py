"""Which weights to keep when `min_steps` stretches training: the best of any epoch, or the
best after `min_epochs` only (`train_options.keep_best_from`).

For each set and seed, the project's own `ingest`, `normalize` and `split` pipelines run once
(a real KedroSession, `conf/benchmark` data root), then the train engine (`fit_architecture`,
the scaler fitted on training rows) trains the configured model once per policy on the same
rows and is scored on the test rows. Writes `benchmarks/results/keep_best.json` after every
fit (a partial run keeps what it did) and `keep_best.md`.

    python benchmarks/keep_best.py                                  # everything, seeds 0 1 2
    python benchmarks/keep_best.py --sets demo --demo-sequences 1500 --seeds 0 1 2

The seed preset (`--env seed`) trains without early stopping, so both policies keep its last
epoch by construction; `--sets seed` trains it once per seed to show that.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from _machine import PROJECT, RESULTS, machine_info, start_kedro_project, utc_minute

POLICIES = ("any_epoch", "min_epochs")
PUBLIC = ("ItalyPowerDemand", "GunPoint")  # benchmarks/real_data.py's sets
SETS = ("demo", "seed", *PUBLIC)


def prepared(raw_path: str, seed: int, env: str) -> dict:
    """Sequences, split and resolved train options of one set, via the project's pipelines."""
    from kedro.framework.session import KedroSession  # noqa: PLC0415

    from seq_pipeline.framework.runs import new_run_id  # noqa: PLC0415

    params = {"raw_path": raw_path, "seed": seed, "run_id": f"keep-best-{new_run_id()}"}
    with KedroSession.create(project_path=PROJECT, env=env, runtime_params=params) as session:
        session.run(pipeline_names=["ingest", "normalize", "split"])
    with KedroSession.create(project_path=PROJECT, env=env, runtime_params=params) as session:
        context = session.load_context()
        return {
            "sequences": context.catalog.load("primary_sequences"),
            "split": context.catalog.load("split_indices"),
            "options": context.params["train_options"],
        }


def fit_once(data: dict, policy: str, seed: int) -> dict:
    """One fit under `policy`: epochs, the kept epoch and its loss, and test accuracy."""
    from seq_pipeline.core.scoring import score_binary  # noqa: PLC0415
    from seq_pipeline.pipelines.train.nodes import fit_scaler  # noqa: PLC0415
    from seq_pipeline.pipelines.train.options import TrainOptions  # noqa: PLC0415
    from seq_pipeline.training.fit import fit_architecture  # noqa: PLC0415
    from seq_pipeline.training.inputs import training_inputs  # noqa: PLC0415

    options = TrainOptions.model_validate(
        {**data["options"], "keep_best_from": policy, "verbose": 0, "tensorboard_dir": None}
    )
    sequences, split = data["sequences"], data["split"]
    started = time.perf_counter()
    model, record = fit_architecture(
        options.architecture,
        sequences,
        split["train"],
        split["val"],
        fit_scaler(sequences, split),
        options,
        seed,
    )
    inputs = training_inputs(sequences)
    test = score_binary(inputs.labels(split["test"]), inputs.predict(model, split["test"]), 0.5)
    monitored = record["history"].get(record["schedule"]["monitor"], [])
    return {
        "policy": policy,
        "epochs_run": record["epochs_run"],
        "min_epochs": record["schedule"]["min_epochs"],
        "kept_epoch": record["best_epoch"],
        "kept_loss": round(record["kept_loss"], 4),
        "best_loss_any_epoch": round(min(monitored), 4) if monitored else None,
        "best_epoch_any": 1 + monitored.index(min(monitored)) if monitored else None,
        "stopped_by": record["stopped_by"],
        "test_accuracy": round(test["accuracy"], 4),
        "test_balanced_accuracy": round(test["balanced_accuracy"], 4),
        "seconds": round(time.perf_counter() - started, 1),
    }


def set_source(name: str, demo_sequences: int, folder: Path) -> tuple[str, str]:
    """The raw path and the Kedro environment of a set."""
    if name in PUBLIC:
        return f"aeon:{name}", "benchmark"
    from seq_pipeline.core.demo import write_demo_file  # noqa: PLC0415

    path = folder / f"demo_{demo_sequences}.parquet"
    write_demo_file(path, demo_sequences, 25, 2024)
    return str(path), "seed" if name == "seed" else "benchmark"


def summary(runs: list[dict]) -> list[dict]:
    """Mean test accuracy and kept epoch per set and policy."""
    rows = []
    for name in dict.fromkeys(r["set"] for r in runs):
        for policy in POLICIES:
            chosen = [r for r in runs if r["set"] == name and r["policy"] == policy]
            if not chosen:
                continue
            accuracy = [r["test_accuracy"] for r in chosen]
            rows.append(
                {
                    "set": name,
                    "policy": policy,
                    "seeds": len(chosen),
                    "test_accuracy_mean": round(statistics.mean(accuracy), 4),
                    "test_accuracy_std": round(statistics.pstdev(accuracy), 4),
                    "kept_loss_mean": round(statistics.mean(r["kept_loss"] for r in chosen), 4),
                    "epochs_run_mean": round(statistics.mean(r["epochs_run"] for r in chosen), 1),
                    "seconds_mean": round(statistics.mean(r["seconds"] for r in chosen), 1),
                }
            )
    return rows


def markdown(result: dict) -> str:
    lines = [
        "# Keeping the best weights: any epoch vs after `min_epochs`",
        "",
        f"Machine: {result['machine']}. Date: {result['date']}. Command: `{result['command']}`.",
        "",
        "| set | policy | seeds | test accuracy (mean ± std) | kept monitored loss | "
        "epochs run | s / fit |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in result["summary"]:
        lines.append(
            f"| {r['set']} | `{r['policy']}` | {r['seeds']} | {r['test_accuracy_mean']:.4f} ± "
            f"{r['test_accuracy_std']:.4f} | {r['kept_loss_mean']:.4f} | {r['epochs_run_mean']} "
            f"| {r['seconds_mean']} |"
        )
    lines += [
        "",
        "Per fit:",
        "",
        "| set | seed | policy | epochs (min) | stopped by | kept epoch | kept loss | "
        "best loss (epoch) | test acc |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["runs"]:
        lines.append(
            f"| {r['set']} | {r['seed']} | `{r['policy']}` | {r['epochs_run']} "
            f"({r['min_epochs']}) | {r['stopped_by']} | {r['kept_epoch']} | {r['kept_loss']} | "
            f"{r['best_loss_any_epoch']} ({r['best_epoch_any']}) | {r['test_accuracy']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=SETS)
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--demo-sequences", type=int, default=9585, help="demo and seed sets")
    parser.add_argument("--name", default="keep_best")
    args = parser.parse_args()
    start_kedro_project()
    out = RESULTS / f"{args.name}.json"
    result = {
        "machine": machine_info("tensorflow", "keras"),
        "date": utc_minute(),
        "command": "python benchmarks/keep_best.py "
        + f"--sets {' '.join(args.sets)} --seeds {' '.join(map(str, args.seeds))} "
        + f"--demo-sequences {args.demo_sequences}",
        "runs": [],
    }
    with tempfile.TemporaryDirectory() as folder:
        for name in args.sets:
            raw_path, env = set_source(name, args.demo_sequences, Path(folder))
            for seed in args.seeds:
                data = prepared(raw_path, seed, env)
                # Without early stopping nothing is chosen: one fit stands for both policies.
                policies = POLICIES if name != "seed" else POLICIES[:1]
                for policy in policies:
                    run = {"set": name, "seed": seed, **fit_once(data, policy, seed)}
                    result["runs"].append(run)
                    result["summary"] = summary(result["runs"])
                    out.write_text(json.dumps(result, indent=2) + "\n")
                    out.with_suffix(".md").write_text(markdown(result))
                    print(json.dumps(run), flush=True)


if __name__ == "__main__":
    main()

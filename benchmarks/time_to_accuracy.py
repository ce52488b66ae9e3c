"""Time to a good model: the default configuration against the practitioner's (`--env seed`).

Both run in one process, on the demo data (9585 × 25 × 2) through the real normalize, split
and train nodes, with the train options of `conf/base` and of `conf/seed` (read from the
project's configuration, merged as Kedro merges them). For each: the epoch and the wall time
(sum of the epochs' wall times recorded by the train node) at which validation accuracy first
reaches `--target` (0.99), and the wall time of the whole training. A configuration that never
reaches it gives a lower bound: its training time over the other's time to target.
`--seed-epochs N` trains the seed configuration for its first N epochs only (on a busy
machine its 10 epochs at batch 4 take long); the ratio is then a lower bound of the measured
epochs, and a projection to all its epochs (mean epoch time × epochs) is given beside it.

    python benchmarks/time_to_accuracy.py   # writes benchmarks/results/time_to_accuracy.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "1")
PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "src"))
sys.path.insert(0, str(PROJECT / "benchmarks"))

from seq_pipeline.training.tf_logging import install  # noqa: E402

install()

from omegaconf import OmegaConf  # noqa: E402
from train_speed import RESULTS, SEED, demo_data, machine  # noqa: E402

from seq_pipeline.pipelines.train.nodes import train_model  # noqa: E402
from seq_pipeline.pipelines.train.options import TrainOptions  # noqa: E402


def train_options(env: str | None, tensorboard_dir: str) -> TrainOptions:
    """`train_options` of conf/base, overridden key by key by `env` (Kedro's soft merge)."""
    merged = OmegaConf.load(PROJECT / "conf/base/parameters_train.yml")["train_options"]
    if env:
        override = OmegaConf.load(PROJECT / f"conf/{env}/parameters.yml")["train_options"]
        merged = OmegaConf.merge(merged, override)
    values = OmegaConf.to_container(merged)  # the tensorboard path interpolates globals
    values["tensorboard_dir"] = tensorboard_dir if values.get("tensorboard_dir") else None
    return TrainOptions(**{**values, "verbose": 0})


def time_to_target(history: dict, target: float) -> dict:
    """First epoch with val_accuracy ≥ target, and the wall time spent up to its end."""
    accuracy = history["history"]["val_accuracy"]
    seconds, cpu = history["epoch_seconds"], history["epoch_cpu_seconds"]
    first = next((i for i, a in enumerate(accuracy) if a >= target), None)
    return {
        "epoch_cpu_seconds": cpu,
        "training_cpu_seconds": round(sum(cpu), 1),
        "cpu_seconds_to_target": None if first is None else round(sum(cpu[: first + 1]), 1),
        "epochs_run": history["epochs_run"],
        "best_val_accuracy": round(max(accuracy), 4),
        "val_accuracy_by_epoch": [round(a, 4) for a in accuracy],
        "epoch_seconds": seconds,
        "training_seconds": round(sum(seconds), 1),
        "first_epoch_at_target": None if first is None else first + 1,
        "seconds_to_target": None if first is None else round(sum(seconds[: first + 1]), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=float, default=0.99)
    parser.add_argument("--seed-epochs", type=int, default=None, help="first N epochs only")
    args = parser.parse_args()
    started = datetime.now(timezone.utc)
    sequences, split, scaler = demo_data(9585, 25)
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, env in (("default", None), ("seed", "seed")):
            options = train_options(env, tmp)
            planned_epochs = options.epochs
            if env and args.seed_epochs:
                options = options.model_copy(update={"epochs": args.seed_epochs})
            begun = time.perf_counter()
            _, history = train_model(sequences, split, scaler, options, SEED)
            runs[name] = {
                "options": options.model_dump(exclude={"tensorboard_dir", "verbose"}),
                "node_wall_seconds": round(time.perf_counter() - begun, 1),
                "planned_epochs": planned_epochs,
                **time_to_target(history, args.target),
            }
            print(name, json.dumps({k: v for k, v in runs[name].items() if k != "options"}))
    default, seed = runs["default"], runs["seed"]
    ratio = {}
    if default["seconds_to_target"]:
        reached = seed["seconds_to_target"] is not None
        ratio = {"is_lower_bound": not reached}
        for kind in ("", "cpu_"):
            spent = seed[f"{kind}seconds_to_target"] if reached else seed[f"training_{kind}seconds"]
            mean_epoch = seed[f"training_{kind}seconds"] / seed["epochs_run"]
            to_target = default[f"{kind}seconds_to_target"]
            ratio |= {
                f"seed_over_default_{kind or 'wall'}": round(spent / to_target, 1),
                f"seed_all_planned_epochs_projected_{kind or 'wall'}": round(
                    mean_epoch * seed["planned_epochs"] / to_target, 1
                ),
            }
    result = {
        "command": "python benchmarks/time_to_accuracy.py " + " ".join(sys.argv[1:]),
        "date_utc": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "target_val_accuracy": args.target,
        "n_train_sequences": len(split["train"]),
        "n_val_sequences": len(split["val"]),
        "runs": runs,
        "time_to_target_ratio": ratio,
        "machine": machine(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "time_to_accuracy.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(ratio))


if __name__ == "__main__":
    main()

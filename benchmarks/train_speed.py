"""Pipeline tax: the train node against a minimal hand-written Keras loop, in one run.

Demo-shaped data (9585 × 25 × 2 via `seq_pipeline.core.demo`, through the real normalize and split
nodes), batch 64, a fixed number of epochs, no early stopping. Measured alternately
(A B A B ...) because the machine is shared, so both see the same background load:

A  the project's `train_model` node (its real function, `TrainOptions`, TensorBoard on,
   validation every epoch, the model with its mask input and AUC metric);
B  the same architecture by hand: NumPy scaling with training-set statistics, no mask, no
   validation, accuracy only, a cached `tf.data` pipeline with shuffle and prefetch
   (NumPy arrays under JAX / PyTorch).

Reports steady-state seconds per epoch (median of epochs 2..E) per training sequence and the
ratio A/B per pair; the headline is the median ratio (target ≤ 1.15, issue #8).
`--profile` instead times, epoch by epoch and interleaved, one variant per pipeline feature
(see `profile.py`) to show where the time goes.

    python benchmarks/train_speed.py                # writes benchmarks/results/train_speed.*
    python benchmarks/train_speed.py --profile      # writes .../train_speed_profile.json
    python benchmarks/train_speed.py --report       # both JSON files → train_speed.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "1")
PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "benchmarks" / "results"
sys.path.insert(0, str(PROJECT / "src"))
sys.path.insert(0, str(PROJECT / "benchmarks"))

from _machine import cpu_model  # noqa: E402

from seq_pipeline.training.tf_logging import install  # noqa: E402

install()

from seq_pipeline.core.demo import generate_demo_table  # noqa: E402
from seq_pipeline.core.preprocessing import fit_scaler  # noqa: E402
from seq_pipeline.core.splits import SplitOptions, split_sequences  # noqa: E402
from seq_pipeline.core.tensors import NormalizeOptions, build_sequence_tensors  # noqa: E402
from seq_pipeline.pipelines.normalize.nodes import describe_preprocessing, encode_labels  # noqa: E402
from seq_pipeline.pipelines.train.nodes import train_model  # noqa: E402
from seq_pipeline.pipelines.train.options import TrainOptions  # noqa: E402

SEED = 42
BATCH_SIZE = 64


def demo_data(n_sequences: int, n_steps: int) -> tuple[dict, dict, dict]:
    """Tensors, split and scaler exactly as the pipeline's nodes make them."""
    table = generate_demo_table(n_sequences, n_steps)
    options = NormalizeOptions()
    spec = describe_preprocessing(table, encode_labels(table, options), options)
    sequences, _ = build_sequence_tensors(table, spec)
    split = split_sequences(sequences, SplitOptions(), seed=SEED)
    return sequences, split, fit_scaler(sequences, split)


def time_pipeline(sequences: dict, split: dict, scaler: dict, epochs: int, tmp: str) -> tuple:
    """A: the train node, unchanged; its history records each epoch's wall and CPU time."""
    options = TrainOptions(
        batch_size=BATCH_SIZE,
        epochs=epochs,
        early_stopping_patience=None,
        tensorboard_dir=tmp,
        verbose=0,
    )
    _, summary = train_model(sequences, split, scaler, options, SEED)
    return summary["epoch_seconds"], summary["epoch_cpu_seconds"]


def hand_model(n_steps: int, n_features: int):
    """The practitioner's architecture: BiLSTM(128) → Dense(50, relu) → Dense(1, sigmoid)."""
    import keras  # noqa: PLC0415

    model = keras.Sequential(
        [
            keras.Input((n_steps, n_features)),
            keras.layers.Bidirectional(keras.layers.LSTM(128)),
            keras.layers.Dense(50, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model


def time_hand_loop(sequences: dict, split: dict, epochs: int) -> tuple:
    """B: scale with training statistics, then the plainest fast Keras loop."""
    import keras  # noqa: PLC0415

    from seq_pipeline.training.callbacks import EpochTimes  # noqa: PLC0415

    keras.utils.set_random_seed(SEED)
    train = split["train"]
    x = sequences["X"][train].astype("float32")
    x = (x - x.mean(axis=(0, 1))) / x.std(axis=(0, 1))
    y = sequences["y"][train].astype("float32")
    model = hand_model(x.shape[1], x.shape[2])
    timer = EpochTimes()
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf  # noqa: PLC0415

        data = tf.data.Dataset.from_tensor_slices((x, y)).cache().shuffle(len(x), seed=SEED)
        model.fit(data.batch(BATCH_SIZE).prefetch(2), epochs=epochs, callbacks=[timer], verbose=0)
    else:
        model.fit(x, y, batch_size=BATCH_SIZE, epochs=epochs, shuffle=True, callbacks=[timer])
    return timer.seconds, timer.cpu_seconds


def steady(epoch_seconds: list, n_train: int) -> float:
    """Median seconds per epoch per training sequence, without epoch 1 (tracing, warm-up)."""
    return statistics.median(epoch_seconds[1:]) / n_train


def machine() -> dict:
    load = os.getloadavg()
    import keras  # noqa: PLC0415

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "load_average_1_5_15_min_at_end": [round(v, 1) for v in load],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "keras": version("keras"),
        "keras_backend": keras.backend.backend(),
        "tensorflow": version("tensorflow"),
    }


def compare(epochs: int, rounds: int) -> dict:
    sequences, split, scaler = demo_data(9585, 25)
    n_train = len(split["train"])
    pairs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(rounds):
            # Alternate who goes first, so slow drift in background load favours neither.
            order = ("pipeline", "hand") if i % 2 == 0 else ("hand", "pipeline")
            run = {}
            for name in order:
                started = time.perf_counter()
                if name == "pipeline":
                    seconds, cpu = time_pipeline(sequences, split, scaler, epochs, tmp)
                else:
                    seconds, cpu = time_hand_loop(sequences, split, epochs)
                run[name] = {
                    "epoch_seconds": seconds,
                    "epoch_cpu_seconds": cpu,
                    "wall_seconds": round(time.perf_counter() - started, 2),
                    "steady_us_per_sequence": round(1e6 * steady(seconds, n_train), 2),
                    "steady_cpu_us_per_sequence": round(1e6 * steady(cpu, n_train), 2),
                }
                print(f"round {i + 1} {name}: wall {seconds} cpu {cpu}", flush=True)
            for kind in ("", "cpu_"):
                key = f"steady_{kind}us_per_sequence"
                run[f"{kind}ratio"] = round(run["pipeline"][key] / run["hand"][key], 3)
            pairs.append(run)
    return {
        "n_train_sequences": n_train,
        "n_val_sequences": len(split["val"]),
        "epochs": epochs,
        "batch_size": BATCH_SIZE,
        "rounds": pairs,
        "median_ratio": round(statistics.median(p["ratio"] for p in pairs), 3),
        "median_cpu_ratio": round(statistics.median(p["cpu_ratio"] for p in pairs), 3),
        "target_ratio": 1.15,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=2, help="A/B pairs")
    parser.add_argument("--profile", action="store_true", help="time each pipeline feature")
    parser.add_argument("--report", action="store_true", help="only write the Markdown")
    parser.add_argument("--name", default="train_speed")
    args = parser.parse_args()
    if args.report:
        write_report(args.name)
        return
    started = datetime.now(timezone.utc)
    if args.profile:
        from profile_train import profile  # noqa: PLC0415

        result = profile(demo_data(9585, 25), args.epochs)
        name = f"{args.name}_profile"
    else:
        result = compare(args.epochs, args.rounds)
        name = args.name
    command = "python benchmarks/train_speed.py " + " ".join(sys.argv[1:])
    result = {
        "command": command.strip(),
        "date_utc": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "wall_seconds": round((datetime.now(timezone.utc) - started).total_seconds(), 1),
        **result,
        "machine": machine(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "rounds"}, indent=2))

    write_report(args.name)


def write_report(name: str) -> None:
    """`<name>.md` from `<name>.json` and, if present, `<name>_profile.json`."""
    if not (RESULTS / f"{name}.json").exists():
        return
    compared = json.loads((RESULTS / f"{name}.json").read_text())
    where = RESULTS / f"{name}_profile.json"
    lines = [
        "# Pipeline tax: train node vs a hand-written Keras loop",
        "",
        f"Command: `{compared['command']}` — {compared['date_utc']}, "
        f"{compared['wall_seconds']} s. Machine: {_machine_line(compared['machine'])}.",
        "",
        f"{compared['n_train_sequences']} training sequences (demo data 9585 × 25 × 2), batch "
        f"{compared['batch_size']}, {compared['epochs']} epochs, no early stopping. Steady "
        "state = median of epochs 2..E per training sequence (µs), in wall time and in CPU "
        "time of the process (all threads; far less sensitive to other jobs on the machine).",
        "",
        "| round | pipeline wall µs/seq | hand wall µs/seq | wall ratio | pipeline CPU µs/seq "
        "| hand CPU µs/seq | CPU ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, run in enumerate(compared["rounds"], start=1):
        a, b = run["pipeline"], run["hand"]
        lines.append(
            f"| {i} | {a['steady_us_per_sequence']} | {b['steady_us_per_sequence']} | "
            f"{run['ratio']} | {a['steady_cpu_us_per_sequence']} | "
            f"{b['steady_cpu_us_per_sequence']} | {run['cpu_ratio']} |"
        )
    lines += [
        "",
        f"**Median ratio: {compared['median_ratio']} (wall), {compared['median_cpu_ratio']} "
        "(CPU)** (target ≤ 1.15).",
        "",
        "Epoch times (s), wall / CPU:",
        "",
    ]
    for i, run in enumerate(compared["rounds"], start=1):
        for who in ("pipeline", "hand"):
            r = run[who]
            lines.append(f"- round {i} {who}: {r['epoch_seconds']} / {r['epoch_cpu_seconds']}")
    lines.append("")
    if where.exists():
        profile = json.loads(where.read_text())
        lines += [
            "## Where the time went (profile)",
            "",
            f"Command: `{profile['command']}` — {profile['date_utc']}. Machine: "
            f"{_machine_line(profile['machine'])}. Each variant switches one feature of "
            "the train node as it was on main; epochs are interleaved across variants; "
            "epoch 1 is left out.",
            "",
            "| variant | wall s/epoch | wall ratio to hand | CPU s/epoch | CPU ratio to hand |",
            "|---|---|---|---|---|",
        ]
        for variant, row in profile["variants"].items():
            lines.append(
                f"| {variant} | {row['steady_seconds_per_epoch']} | "
                f"{row['ratio_to_hand_median']} | {row['steady_cpu_seconds_per_epoch']} | "
                f"{row['cpu_ratio_to_hand_median']} |"
            )
        lines += [
            "",
            "Wall times swing with the other jobs on the machine; read the CPU columns.",
        ]
    (RESULTS / f"{name}.md").write_text("\n".join(lines) + "\n")


def _machine_line(machine: dict) -> str:
    return (
        f"{machine['nproc']} × {machine['cpu']}, load average "
        f"{machine['load_average_1_5_15_min_at_end']} (1/5/15 min, at the end; the machine is "
        f"shared), Python {machine['python']}, Keras {machine['keras']} "
        f"({machine['keras_backend']}), TensorFlow {machine['tensorflow']}"
    )


if __name__ == "__main__":
    main()

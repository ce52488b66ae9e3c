"""Training streamed from shards: peak memory against N, and throughput, beside the in-memory fit.

Data: demo-shaped sequences (25 steps × 2 features, `seq_pipeline.core.demo.make_event_sequences`,
learnable), generated shard by shard straight into a `ShardedNPZDataset` (seeded, 50 000
sequences a shard) with a seeded 70/15/15 split, for 0.1 M and 1 M sequences, under
`--data` (outside the repository; removed afterwards unless `--keep`).

Each measurement runs in its own process (peak RSS is per process), for each N:
- streamed: `fit_scaler_from_shards` over every training row (one pass); one full epoch of
  `ShardBatches` over every training row without a model (the loader alone); then the real
  `fit_architecture` on `ShardInputs` — the default BiLSTM, batch 256, two epochs over a
  seeded subset of `steps × batch` training rows drawn from every shard, validation on 5 000
  streamed rows — and `predict_shard_rows` on the test rows of the first two shards;
- in memory: the shards concatenated into `primary_sequences` (what `NPZDataset` loads),
  `fit_scaler`, the same `fit_architecture` call on the arrays, `predict_probability`.
Training a fixed number of steps keeps the time affordable on 2 shared cores; the memory
claim is about what is held, which the full scaler and loader passes exercise at every N.
Throughput is the second epoch's (steady state, graph tracing done). The machine is shared,
so the two paths alternate (`--repeats` pairs per N, in A B / B A order) and the summary
gives medians.

    python benchmarks/stream_train.py   # → benchmarks/results/stream_train.{json,md}
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _machine import PROJECT, RESULTS, machine_text, utc_minute
from _stream_train_report import findings, markdown, summarize

os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(PROJECT / "src"))

import numpy as np

SEED = 42
N_STEPS, SHARD_SIZE, VAL_ROWS = 25, 50_000, 5_000


def rss_mb() -> dict[str, float]:
    """Current and peak resident memory of this process, in MB."""
    status = Path("/proc/self/status").read_text()
    current = next(int(line.split()[1]) for line in status.splitlines() if line[:6] == "VmRSS:")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    return {"rss_mb": round(current / 1024, 1), "peak_rss_mb": round(peak / 1024, 1)}


def generate(folder: Path, n: int) -> None:
    """Shards of learnable sequences and a split, written one shard at a time."""
    from seq_pipeline.core.demo import make_event_sequences  # noqa: PLC0415
    from seq_pipeline.core.shards import ShardStream  # noqa: PLC0415
    from seq_pipeline.datasets import ShardedNPZDataset  # noqa: PLC0415

    def produce():
        for start in range(0, n, SHARD_SIZE):
            size = min(SHARD_SIZE, n - start)
            x, y = make_event_sequences(size, N_STEPS, seed=SEED + start, pulse_height=3.0)
            yield {
                "X": x.astype(np.float32),
                "mask": np.ones((size, N_STEPS), dtype=bool),
                "y": y.astype(np.int8),
                "ids": np.char.add("s", np.arange(start, start + size).astype("U9")),
                "feature_names": np.array(["pressure", "flow"]),
            }

    ShardedNPZDataset(filepath=str(folder / "shards")).save(ShardStream(produce))
    order = np.random.default_rng(SEED).permutation(n)
    cut = [int(0.7 * n), int(0.85 * n)]
    parts = np.split(order, cut)
    np.savez(
        folder / "split.npz",
        **{k: np.sort(p) for k, p in zip(("train", "val", "test"), parts, strict=True)},
    )


def loader_epoch(shards, rows: np.ndarray, batch: int) -> dict:
    """One full epoch of `ShardBatches` over `rows`, without a model: the loader alone."""
    from seq_pipeline.training.shard_batches import ShardBatches  # noqa: PLC0415

    batches = ShardBatches(shards, rows, batch, seed=SEED)
    started = time.perf_counter()
    batches.on_epoch_begin()
    for i in range(len(batches)):
        batches[i]
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "sequences_per_s": round(len(rows) / seconds),
        "shard_reads": batches.shard_reads,
    }


def worker(mode: str, folder: Path, steps: int, batch: int) -> dict:
    """One measurement (`streamed` or `in_memory`), in this process."""
    from seq_pipeline.training.tf_logging import install  # noqa: PLC0415

    install()
    from seq_pipeline.core.preprocessing import fit_scaler  # noqa: PLC0415
    from seq_pipeline.datasets import ShardedNPZDataset  # noqa: PLC0415
    from seq_pipeline.pipelines.train.options import TrainOptions  # noqa: PLC0415
    from seq_pipeline.pipelines.train.shard_nodes import fit_scaler_from_shards  # noqa: PLC0415
    from seq_pipeline.training.fit import fit_architecture  # noqa: PLC0415
    from seq_pipeline.training.inputs import ShardInputs  # noqa: PLC0415
    from seq_pipeline.training.predict import predict_probability, predict_shard_rows  # noqa: PLC0415

    out: dict = {"mode": mode, "after_imports": rss_mb()}
    shards = ShardedNPZDataset(filepath=str(folder / "shards")).load()
    with np.load(folder / "split.npz") as stored:
        split = {k: stored[k] for k in stored.files}
    rng = np.random.default_rng(SEED)
    fit_rows, val_rows = (
        np.sort(rng.choice(split[name], min(k, len(split[name])), replace=False))
        for name, k in (("train", steps * batch), ("val", VAL_ROWS))
    )
    # The same test rows at every N: those in the first two shards.
    test_rows = split["test"][split["test"] < 2 * SHARD_SIZE]
    out["n"], out["n_train"], out["n_shards"] = shards.n_sequences, len(split["train"]), len(shards)

    started = time.perf_counter()
    if mode == "streamed":
        scaler, data = fit_scaler_from_shards(shards, split), ShardInputs(shards)
    else:
        parts = list(shards)
        data = {k: np.concatenate([p[k] for p in parts]) for k in ("X", "mask", "y", "ids")}
        data["feature_names"] = parts[0]["feature_names"]
        del parts
        scaler = fit_scaler(data, split)
    out["load_and_scaler_s"] = round(time.perf_counter() - started, 2)
    out["after_scaler"] = rss_mb()

    if mode == "streamed":
        out["loader_epoch"] = loader_epoch(shards, split["train"], batch)
        out["after_loader_epoch"] = rss_mb()

    options = TrainOptions(
        batch_size=batch, epochs=2, early_stopping_patience=None, tensorboard_dir=None, verbose=0
    )
    started = time.perf_counter()
    model, record = fit_architecture("bilstm", data, fit_rows, val_rows, scaler, options, SEED)
    out["fit"] = {
        "steps": steps,
        "batch_size": batch,
        "seconds": round(time.perf_counter() - started, 2),
        "epoch_seconds": record["epoch_seconds"],
        "train_sequences_per_s": round(len(fit_rows) / record["epoch_seconds"][1]),
        "val_accuracy": round(record["val_score"]["accuracy"], 4),
    }
    out["after_fit"] = rss_mb()
    started = time.perf_counter()
    if mode == "streamed":
        predict_shard_rows(model, shards, test_rows)
    else:
        predict_probability(model, {"X": data["X"][test_rows], "mask": data["mask"][test_rows]})
    seconds = time.perf_counter() - started
    out["predict"] = {"rows": len(test_rows), "sequences_per_s": round(len(test_rows) / seconds)}
    out["end"] = rss_mb()
    return out


def run_worker(mode: str, folder: Path, args: argparse.Namespace) -> dict:
    """`worker` in a fresh process, so that its peak memory is its own."""
    command = [sys.executable, __file__, "--worker", mode, "--folder", str(folder)]
    command += ["--steps", str(args.steps), "--batch", str(args.batch)]
    load = os.getloadavg()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} on {folder} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load_average_before"] = [round(v, 2) for v in load]
    print(json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--in-memory-sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--data", type=Path, default=Path("/work/scale_data_train"))
    parser.add_argument("--keep", action="store_true", help="keep the generated shards")
    parser.add_argument("--worker", choices=["streamed", "in_memory"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.folder, args.steps, args.batch)))
        return

    runs = []
    try:
        for n in args.sizes:
            folder = args.data / f"n{n}"
            if not (folder / "split.npz").exists():
                started = time.perf_counter()
                generate(folder, n)
                print(f"generated {n:,} in {time.perf_counter() - started:.1f} s", flush=True)
            modes = ["streamed", "in_memory"] if n in args.in_memory_sizes else ["streamed"]
            for repeat in range(args.repeats):
                for mode in modes if repeat % 2 == 0 else modes[::-1]:
                    runs.append(run_worker(mode, folder, args))
    finally:
        if not args.keep:
            shutil.rmtree(args.data, ignore_errors=True)
    summary = summarize(runs)
    report = {
        "date": utc_minute(),
        "command": "python " + " ".join(["benchmarks/stream_train.py", *sys.argv[1:]]),
        "machine": machine_text(),
        "steps": args.steps,
        "summary": summary,
        "findings": findings(summary),
        "runs": runs,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "stream_train.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "stream_train.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()

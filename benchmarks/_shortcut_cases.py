"""Shortcut checks over many seeds: false alarms on honest data, detections on planted shortcuts.

Used by `diagnosis_false_alarms.py --shortcuts-only` (and its full run). Data from the
project's own generator (`seq_pipeline.core.demo.make_event_sequences`), 1 000 sequences of
25 steps, random 70/15/15 split, default `audit_options`; only the audit's shortcut checks run.

Honest data (every flag is a false alarm):
- `exchangeable`: labels shuffled against the sequences, lengths cut at random (15–25 steps)
  independently of the label, plus a per-sequence device code and a row counter (a file not
  sorted by class) that have nothing to do with it;
- `strong_event_order`: the demo's own signal (the order of two pulses) at pulse height 6,
  lengths cut at random: a legitimately strong label a model must read in time order;
- `strong_motif_one_channel`: a tall pulse in `flow` only for class 1 (a single feature that
  predicts well, and legitimately), lengths cut at random.
Planted shortcuts (every miss is a missed detection), on exchangeable sequences:
- `leaky_status`: a code constant within each sequence agreeing with the label on 99 %;
- `row_counter_sorted_export`: the file written class by class with a row-number column;
- `length_by_class`: class 1 sequences cut to 12–18 steps, class 0 to 18–25.
"""

from __future__ import annotations

import numpy as np

FINDINGS = ("leaky_column", "identifier_leak", "length_shortcut")
N, STEPS = 1000, 25


def tensors(x: np.ndarray, y: np.ndarray, lengths: np.ndarray, names=("pressure", "flow")):
    mask = np.arange(x.shape[1])[None, :] < lengths[:, None]
    return {
        "X": np.where(mask[:, :, None], x, 0.0).astype(np.float32),
        "mask": mask,
        "y": y.astype(np.int8),
        "ids": np.array([f"seq{i:06d}" for i in range(len(y))]),
        "feature_names": np.array(names),
    }


def add_column(sequences: dict, name: str, values: np.ndarray) -> dict:
    x = sequences["X"]
    column = values if values.ndim == 2 else np.repeat(values[:, None], x.shape[1], axis=1)
    column = np.where(sequences["mask"], column, 0.0)
    return {
        **sequences,
        "X": np.concatenate([x, column[:, :, None].astype(np.float32)], axis=2),
        "feature_names": np.append(sequences["feature_names"], name),
    }


def case(kind: str, seed: int) -> dict:
    """One generated dataset of `kind` (see the module docstring)."""
    from seq_pipeline.core.demo import make_event_sequences  # noqa: PLC0415

    rng = np.random.default_rng(10_000 + seed)
    height = 6.0 if kind == "strong_event_order" else 4.0
    x, y = make_event_sequences(N, STEPS, seed, pulse_height=height)
    random_lengths = rng.integers(15, STEPS + 1, N)
    if kind == "strong_event_order":
        return tensors(x, y, random_lengths)
    if kind == "strong_motif_one_channel":
        steps = np.arange(STEPS)[None, :]
        centre = rng.integers(3, 12, N)[:, None]
        x = rng.standard_normal((N, STEPS, 2))
        x[:, :, 1] += 6.0 * y[:, None] * np.exp(-0.5 * (steps - centre) ** 2)
        return tensors(x, y, random_lengths)
    y = rng.permutation(y)  # exchangeable: the labels have nothing to do with the sequences
    if kind == "exchangeable":
        sequences = add_column(tensors(x, y, random_lengths), "device", rng.integers(0, 6, N) * 1.0)
        return add_column(sequences, "row_number", np.arange(N * STEPS, dtype=float).reshape(N, -1))
    if kind == "leaky_status":
        label = np.where(rng.random(N) < 0.99, y, 1 - y)
        code = np.where(label == 1, rng.choice([3, 7], N), rng.choice([1, 5], N))
        return add_column(tensors(x, y, np.full(N, STEPS)), "status", code * 1.0)
    if kind == "row_counter_sorted_export":
        order = np.argsort(y, kind="stable")
        counter = np.arange(N * STEPS, dtype=float).reshape(N, STEPS)
        return add_column(tensors(x[order], y[order], np.full(N, STEPS)), "row_number", counter)
    if kind == "length_by_class":
        lengths = np.where(y == 1, rng.integers(12, 19, N), rng.integers(18, STEPS + 1, N))
        return tensors(x, y, lengths)
    raise ValueError(f"unknown case {kind!r}")


HONEST = ("exchangeable", "strong_event_order", "strong_motif_one_channel")
PLANTED = {
    "leaky_status": "leaky_column",
    "row_counter_sorted_export": "identifier_leak",
    "length_by_class": "length_shortcut",
}


def run_case(kind: str, seed: int) -> dict:
    """The three shortcut findings' flags and solo scores on one dataset."""
    from seq_pipeline.pipelines.audit.options import AuditOptions  # noqa: PLC0415
    from seq_pipeline.pipelines.audit.shortcuts import shortcut_findings  # noqa: PLC0415

    sequences = case(kind, seed)
    order = np.random.default_rng(seed).permutation(len(sequences["y"]))
    split = dict(zip(("train", "val", "test"), np.split(order, [700, 850]), strict=True))
    found = {
        str(k): v for k, v in shortcut_findings(sequences, split, AuditOptions(), seed).items()
    }
    columns = found["leaky_column"]["columns"]
    return {
        "flags": {name: found[name]["flag"] for name in FINDINGS},
        "best_column_solo": max(c["solo_balanced_accuracy"] for c in columns.values()),
        "sequence_id_solo": found["identifier_leak"]["sequence_id"]["solo_balanced_accuracy"],
        "length_solo": found["length_shortcut"].get("solo_balanced_accuracy"),
    }


def shortcut_rates(n_seeds: int, n_planted: int) -> dict:
    """False alarms over `n_seeds` per honest kind; detections over `n_planted` per shortcut."""
    out: dict = {"honest": {}, "planted": {}}
    for kind in HONEST:
        runs = [run_case(kind, seed) for seed in range(n_seeds)]
        alarms = [any(r["flags"].values()) for r in runs]
        out["honest"][kind] = {
            "seeds": n_seeds,
            "false_alarms": int(sum(alarms)),
            "per_finding": {f: int(sum(r["flags"][f] for r in runs)) for f in FINDINGS},
            "max_best_column_solo": max(r["best_column_solo"] for r in runs),
            "max_sequence_id_solo": max(r["sequence_id_solo"] for r in runs),
            "max_length_solo": max(r["length_solo"] or 0.5 for r in runs),
        }
    for kind, finding in PLANTED.items():
        runs = [run_case(kind, seed) for seed in range(n_planted)]
        out["planted"][kind] = {
            "seeds": n_planted,
            "expected_finding": finding,
            "detected": int(sum(r["flags"][finding] for r in runs)),
            "other_flags": int(sum(v for r in runs for f, v in r["flags"].items() if f != finding)),
        }
    honest_runs = sum(v["seeds"] for v in out["honest"].values())
    alarms = sum(v["false_alarms"] for v in out["honest"].values())
    out["false_alarm_rate"] = round(alarms / honest_runs, 4)
    return out


def markdown(result: dict) -> list[str]:
    lines = ["| data (honest) | seeds | any shortcut flag | leaky / identifier / length |"]
    lines.append("|---|---|---|---|")
    for kind, r in result["honest"].items():
        per = " / ".join(str(r["per_finding"][f]) for f in FINDINGS)
        lines.append(f"| {kind} | {r['seeds']} | {r['false_alarms']} | {per} |")
    lines += ["", "| planted shortcut | seeds | detected | other flags |", "|---|---|---|---|"]
    for kind, r in result["planted"].items():
        lines.append(f"| {kind} | {r['seeds']} | {r['detected']} | {r['other_flags']} |")
    lines.append(f"\nfalse-alarm rate of the shortcut checks: {result['false_alarm_rate']:.1%}")
    return lines

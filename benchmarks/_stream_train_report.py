"""The tables and findings of benchmarks/stream_train.py, from its measured runs.

Apart from the measurement so that the report can be rebuilt, and read, without running it.
"""

from __future__ import annotations

import statistics


def markdown(report: dict) -> str:
    """The results as tables, with the machine, date and command."""
    lines = [
        "# Training streamed from shards: memory against N (issue #8, target 3)",
        "",
        f"{report['date']} · `{report['command']}` · {report['machine']}",
        "",
        f"Default BiLSTM (128 units), batch 256, two epochs of {report['steps']} steps on "
        "training rows drawn from every shard; the scaler and loader passes cover every "
        "training row. Peak RSS is the whole process (TensorFlow alone: the RSS after "
        "imports). Throughput: second epoch (incl. validation on 5 000 rows), medians over "
        "the alternating runs.",
        "",
        "| N | path | runs | peak RSS (MB) | scaler pass (s) | loader epoch (seq/s) "
        "| train (seq/s) | predict (seq/s) | val acc |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report["summary"]:
        lines.append(
            f"| {row['n']:,} | {row['mode']} | {row['runs']} | {row['peak_rss_mb']:.0f} "
            f"| {row['scaler_s']} | {row['loader_sequences_per_s'] or '—'} "
            f"| {row['train_sequences_per_s']} | {row['predict_sequences_per_s']} "
            f"| {row['val_accuracy']} |"
        )
    lines += ["", *report["findings"], "", "Every run, in order:", ""]
    lines += ["| N | path | peak RSS (MB) | RSS after imports | train (seq/s) | load avg |"]
    lines += ["|---|---|---|---|---|---|"]
    for r in report["runs"]:
        lines.append(
            f"| {r['n']:,} | {r['mode']} | {r['end']['peak_rss_mb']:.0f} "
            f"| {r['after_imports']['rss_mb']:.0f} | {r['fit']['train_sequences_per_s']} "
            f"| {r['load_average_before'][0]} |"
        )
    return "\n".join(lines) + "\n"


def summarize(runs: list[dict]) -> list[dict]:
    """Per N and path: the largest peak RSS and median throughputs."""
    rows = []
    for n, mode in dict.fromkeys((r["n"], r["mode"]) for r in runs):
        mine = [r for r in runs if (r["n"], r["mode"]) == (n, mode)]
        loader = [r["loader_epoch"]["sequences_per_s"] for r in mine if "loader_epoch" in r]
        rows.append(
            {
                "n": n,
                "mode": mode,
                "runs": len(mine),
                "peak_rss_mb": max(r["end"]["peak_rss_mb"] for r in mine),
                "scaler_s": round(statistics.median(r["load_and_scaler_s"] for r in mine), 2),
                "loader_sequences_per_s": round(statistics.median(loader)) if loader else None,
                "train_sequences_per_s": round(
                    statistics.median(r["fit"]["train_sequences_per_s"] for r in mine)
                ),
                "predict_sequences_per_s": round(
                    statistics.median(r["predict"]["sequences_per_s"] for r in mine)
                ),
                "val_accuracy": statistics.median(r["fit"]["val_accuracy"] for r in mine),
            }
        )
    return rows


def findings(summary: list[dict]) -> list[str]:
    """Peak-memory growth from the smallest to the largest N, and throughput ratios."""
    out = []
    for mode in ("streamed", "in_memory"):
        mine = sorted((r for r in summary if r["mode"] == mode), key=lambda r: r["n"])
        if len(mine) >= 2:
            low, high = mine[0], mine[-1]
            out.append(
                f"- {mode}: peak RSS {low['peak_rss_mb']:.0f} MB at N={low['n']:,} → "
                f"{high['peak_rss_mb']:.0f} MB at N={high['n']:,} "
                f"({round(high['peak_rss_mb'] - low['peak_rss_mb']):+d} MB for "
                f"{high['n'] / low['n']:.0f}× the sequences)."
            )
    by = {(r["n"], r["mode"]): r for r in summary}
    for n in sorted({r["n"] for r in summary}):
        if (n, "in_memory") in by:
            a, b = by[(n, "streamed")], by[(n, "in_memory")]
            ratio = a["train_sequences_per_s"] / b["train_sequences_per_s"]
            out.append(f"- N={n:,}: streamed / in-memory training throughput {ratio:.2f}.")
    return out

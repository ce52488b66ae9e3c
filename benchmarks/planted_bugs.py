"""Plant realistic one-line bugs, one at a time, and record which fast tests fail on each.

Each bug is a one-line edit of a source file (the kind a tired developer commits). For each,
the script checks that the chosen fast tests (`-m "not slow"`) pass on the clean tree, plants
the edit, runs them again, records every failing test, and puts the file back byte for byte
(also when interrupted). A bug that fails no test is reported as `NOT CAUGHT`. Writes
`benchmarks/results/planted_bugs.json` and `.md`.

    python benchmarks/planted_bugs.py                  # every bug (~7 min on 2 shared cores)
    python benchmarks/planted_bugs.py --only shift     # bugs whose id contains "shift"
    python benchmarks/planted_bugs.py --list           # the bugs, without running anything
    python benchmarks/planted_bugs.py --report-only    # re-render the .md from the .json

Run from the project root with the project's sources first on the path (PYTHONPATH=src).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from _machine import PROJECT, RESULTS, machine_text, utc_minute

SRC = "src/seq_pipeline/"
# The fast tests of the diagnosis rules and of the near-copy check.
RULES = [
    "tests/pipelines/diagnose/test_sample_size_boundaries.py",
    "tests/pipelines/diagnose/test_rules.py",
    "tests/pipelines/diagnose/test_rule_boundaries.py",
]
NEAR_COPIES = [
    "tests/pipelines/audit/test_near_copy_yardstick.py",
    "tests/pipelines/audit/test_leakage.py",
]
# (id, file under src/seq_pipeline/, original line fragment, planted fragment, fast tests)
BUGS = [
    # --- the six bugs of issue 25 that no test caught, and the two only slow tests caught ---
    ("shift-pvalue-k-over-n", "core/scoring.py",
     "(1 + np.count_nonzero(null >= observed)) / (1 + null.size)",
     "np.count_nonzero(null >= observed) / max(null.size, 1)",
     ["tests/core/test_permutation_p_value.py", "tests/pipelines/audit/test_shift_pvalues.py",
      "tests/pipelines/audit/test_shift.py"]),
    ("shift-pvalue-k-over-n-inlined", "core/shift.py",
     '"p_value": permutation_p_value(observed, null),',
     '"p_value": float(np.sum(null >= observed) / n_permutations),',
     ["tests/pipelines/audit/test_shift_pvalues.py", "tests/pipelines/audit/test_shift.py"]),
    ("shift-holm-dropped", "core/shift.py",
     "adjusted = holm(_ks_p_values(s_reference, s_other))",
     "adjusted = _ks_p_values(s_reference, s_other)",
     ["tests/pipelines/audit/test_shift_pvalues.py", "tests/pipelines/audit/test_shift.py"]),
    ("positive-label-fallback-first", "core/labels.py",
     "for n in POSITIVE_NAMES if n in by_name), values[-1])",
     "for n in POSITIVE_NAMES if n in by_name), values[0])",
     ["tests/core/test_labels.py", "tests/pipelines/normalize"]),
    ("inconclusive-size-le", "pipelines/diagnose/rules.py",
     "too_few = min(per_class.values()) < options.min_test_per_class",
     "too_few = min(per_class.values()) <= options.min_test_per_class",
     RULES),
    ("tf-config-bool-index", "training/cluster.py",
     "if not isinstance(index, int) or isinstance(index, bool):",
     "if not isinstance(index, int):",
     ["tests/training/test_cluster_config.py", "tests/training/test_cluster.py"]),
    ("tf-config-empty-host", "training/cluster.py",
     "if not host or any(c.isspace() for c in host):",
     "if any(c.isspace() for c in host):",
     ["tests/training/test_cluster_config.py", "tests/training/test_cluster.py"]),
    ("near-copy-yardstick-rank-minus-1", "pipelines/audit/leakage.py",
     "yardstick = float(np.median(within[:, rank]))",
     "yardstick = float(np.median(within[:, rank - 1]))",
     NEAR_COPIES),
    ("run-status-failed-as-succeeded", "framework/hooks/run_identity.py",
     'self._finish({"status": "failed", "error": message})',
     'self._finish({"status": "succeeded", "error": message})',
     ["tests/framework/hooks/test_run_status.py", "tests/framework/test_runs.py"]),
    ("inference-features-in-file-order", "core/contract.py",
     'update={"feature_columns": contract["feature_names"]}',
     'update={"feature_columns": found}',
     ["tests/pipelines/inference"]),
    ("normalize-features-in-table-order", "core/tensors.py",
     'features = list(spec["feature_names"])', "features = feature_columns(table)",
     ["tests/pipelines/inference"]),
    # --- the same patterns nearby: thresholds at n-1/n/n+1, fallbacks, odd-but-typed values ---
    ("run-complete-any-part", "framework/run_choice.py",
     'if not states or any(s not in ("succeeded", "superseded") for s in states):',
     'if not states or all(s not in ("succeeded", "superseded") for s in states):',
     ["tests/framework/hooks/test_run_status.py", "tests/framework/test_runs.py"]),
    ("interval-width-ge", "pipelines/diagnose/rules.py",
     "too_wide = width > options.max_interval_width",
     "too_wide = width >= options.max_interval_width",
     RULES),
    ("interval-covers-half-lt", "pipelines/diagnose/rules.py",
     "undecided = too_wide and low <= 0.5", "undecided = too_wide and low < 0.5",
     RULES),
    ("sequences-needed-floor", "pipelines/diagnose/rules.py",
     "int(-(-options.min_test_per_class // minority))",
     "int(options.min_test_per_class // minority)",
     ["tests/pipelines/diagnose/test_sample_size_boundaries.py",
      "tests/pipelines/diagnose/test_rules.py"]),
    ("ranking-kept-gt", "pipelines/diagnose/rules.py",
     "if auc >= val_auc - RANKING_KEPT and", "if auc > val_auc - RANKING_KEPT and",
     ["tests/pipelines/diagnose/test_sample_size_boundaries.py",
      "tests/pipelines/diagnose/test_rules.py"]),
    ("perfect-score-gt", "pipelines/diagnose/verdict.py",
     'if model["balanced_accuracy"] >= options.perfect_score:',
     'if model["balanced_accuracy"] > options.perfect_score:',
     ["tests/pipelines/diagnose/test_sample_size_boundaries.py",
      "tests/pipelines/diagnose/test_rule_boundaries.py"]),
    ("near-copy-min-count-gt", "pipelines/audit/leakage.py",
     'and out[n]["count"] >= min_count', 'and out[n]["count"] > min_count',
     NEAR_COPIES),
    ("near-copy-share-ge", "pipelines/audit/leakage.py",
     'if out[n]["share"] > share_max and', 'if out[n]["share"] >= share_max and',
     NEAR_COPIES),
    ("tf-config-port-0", "training/cluster.py",
     "1 <= int(port) <= MAX_PORT", "0 <= int(port) <= MAX_PORT",
     ["tests/training/test_cluster_config.py", "tests/training/test_cluster.py"]),
    ("seed-bool", "core/parameters.py",
     "if isinstance(seed, bool) or not isinstance(seed, int)", "if not isinstance(seed, int)",
     ["tests/core/test_parameters.py"]),
    ("options-bool-in-list", "core/parameters.py",
     "items = value if isinstance(value, list | tuple) else [value]",
     "items = value if isinstance(value, tuple) else [value]",
     ["tests/core/test_options_booleans.py"]),
    ("options-bool-union", "core/parameters.py",
     "return bool(types & {int, float}) and bool not in types",
     "return bool(types & {int, float})",
     ["tests/core/test_options_booleans.py"]),
]  # fmt: skip


# Why a bug is planted where it is, where the table alone would not say.
NOTES = {
    "shift-pvalue-k-over-n": "The p-value formula lives in `core/scoring.py` "
    "(`permutation_p_value`), shared by the shift test and the diagnosis' chance test; the "
    "`-inlined` variant plants the formula back at the shift call site.",
    "inference-features-in-file-order": "Two guards keep the contract's order: the resolved "
    "column spec (this bug) and normalize, which picks the contract's columns by name "
    "(`normalize-features-in-table-order`). Either bug alone leaves the end-to-end tensors "
    "right, so each guard has its own unit test; the pipeline test checks the tensors.",
    "tf-config-empty-host": "On main the host check was `not host` inside a combined "
    "condition; the validator now also refuses blank hosts, ports outside 1-65535 and one "
    "address listed for two tasks.",
}


def pytest_failures(tests: list[str]) -> tuple[int, list[str], str]:
    """Run the fast subset of `tests`; exit code, failing test ids and the summary line."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src"), "KEDRO_DISABLE_TELEMETRY": "1"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-m", "not slow"]
    out = subprocess.run(
        [*command, "-rf", "--no-header", *tests],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    failed = sorted({m.split(" - ")[0] for m in re.findall(r"^FAILED (\S+)", out.stdout, re.M)})
    lines = out.stdout.strip().splitlines()
    return out.returncode, failed, lines[-1] if lines else out.stderr.strip()[-300:]


def plant(bug: tuple) -> dict:
    """Plant one bug, run its tests, restore the file; what failed."""
    name, relative, original, planted, tests = bug
    path = PROJECT / SRC / relative
    clean = path.read_text()
    if clean.count(original) != 1:
        raise SystemExit(f"{name}: {relative} must hold {original!r} exactly once")
    line = clean[: clean.index(original)].count("\n") + 1
    code, failed, summary = pytest_failures(tests)
    if code != 0:
        raise SystemExit(f"{name}: the tests fail on the clean tree ({summary}): {failed}")
    start = time.perf_counter()
    try:
        path.write_text(clean.replace(original, planted))
        code, failed, summary = pytest_failures(tests)
    finally:
        path.write_text(clean)
    return {
        "bug": name,
        "where": f"{SRC}{relative}:{line}",
        "original": original,
        "planted": planted,
        "tests": tests,
        "caught": code != 0 and bool(failed),
        "failing_tests": failed,
        "summary": summary,
        "seconds": round(time.perf_counter() - start, 1),
    }


def write_markdown(report: dict, path: Path) -> None:
    caught = sum(r["caught"] for r in report["results"])
    lines = [
        "# Planted bugs vs the fast tests",
        "",
        f"{caught} of {len(report['results'])} planted bugs fail at least one fast test.",
        "",
        f"- Date: {report['date']}",
        f"- Machine: {report['machine']}",
        f"- Command: `{report['command']}`",
        "- Each bug is planted alone, its tests run with `pytest -m 'not slow'`, and the file is "
        "restored; the tests pass on the clean tree first. One bug again: "
        "`PYTHONPATH=src python benchmarks/planted_bugs.py --only <bug>` (a substring of the id).",
        "",
        "| bug | file:line | one-line mutation | failing fast tests | tests run |",
        "|---|---|---|---|---|",
    ]
    for r in report["results"]:
        shown = "<br>".join(f"`{t}`" for t in r["failing_tests"][:4])
        more = len(r["failing_tests"]) - 4
        failing = (shown + (f"<br>… and {more} more" if more > 0 else "")) or "**NOT CAUGHT**"
        mutation = f"`{r['original']}` → `{r['planted']}`".replace("|", "\\|")
        tests = ", ".join(f"`{t}`" for t in r["tests"])
        lines.append(f"| {r['bug']} | `{r['where']}` | {mutation} | {failing} | {tests} |")
    notes = [f"- `{r['bug']}`: {NOTES[r['bug']]}" for r in report["results"] if r["bug"] in NOTES]
    lines += ["", "## Notes", "", *notes] if notes else []
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="plant only the bugs whose id contains this")
    parser.add_argument("--list", action="store_true", help="list the bugs and exit")
    parser.add_argument("--report-only", action="store_true", help="re-render the last .json")
    args = parser.parse_args()
    suffix = f"_{args.only}" if args.only else ""
    if args.report_only:
        report = json.loads((RESULTS / f"planted_bugs{suffix}.json").read_text())
        write_markdown(report, RESULTS / f"planted_bugs{suffix}.md")
        return
    bugs = [b for b in BUGS if not args.only or args.only in b[0]]
    if args.list:
        for name, relative, original, planted, _ in bugs:
            print(f"{name}: {relative}: {original!r} -> {planted!r}")
        return
    results = []
    for bug in bugs:
        results.append(plant(bug))
        r = results[-1]
        print(f"{r['bug']}: {'caught' if r['caught'] else 'NOT CAUGHT'} ({r['summary']})")
    report = {
        "date": utc_minute(),
        "machine": machine_text(),
        "command": "PYTHONPATH=src python benchmarks/planted_bugs.py"
        + (f" --only {args.only}" if args.only else ""),
        "results": results,
    }
    (RESULTS / f"planted_bugs{suffix}.json").write_text(json.dumps(report, indent=2) + "\n")
    write_markdown(report, RESULTS / f"planted_bugs{suffix}.md")


if __name__ == "__main__":
    main()

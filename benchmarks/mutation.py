"""Mutation testing of the modules whose bugs silently produce wrong results (a quality benchmark).

Runs mutmut (configured in pyproject.toml's `[tool.mutmut]`: the modules and the fast tests that
guard them) from the project root, then writes `benchmarks/results/mutation.json` and `.md`:
tool and version, machine, date, command, killed / survived / timeout counts per module, and
every surviving mutant with its diff and, where one was written, why it is equivalent
(`benchmarks/mutation_equivalent.json`: notes, and mutant name → explanation).

    python benchmarks/mutation.py                 # run mutmut, then report (~15 min on 1 core)
    python benchmarks/mutation.py --survivors     # after adding tests: re-check the survivors
    python benchmarks/mutation.py --mutants 'seq_pipeline.models.*'  # only these (fnmatch)
    python benchmarks/mutation.py --survivors --mutants 'seq_pipeline.core.shift.*'  # both
    python benchmarks/mutation.py --report-only   # report on the last run's `mutants/` folder

On a shared machine pin it to one core: `taskset -c 0 python benchmarks/mutation.py
--max-children 1`. mutmut's own output goes to `mutants/run.log`.

Not a CI gate: mutmut copies the tree to `mutants/` and runs the selected tests once per mutant.
Changing the test selection in pyproject.toml makes mutmut reset every verdict (a full rerun);
new test files under a selected folder (`tests/core/`) or in a selected file do not.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import functools
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
EQUIVALENT = ROOT / "benchmarks" / "mutation_equivalent.json"
MUTMUT = Path(sys.executable).with_name("mutmut")
# mutmut's exit-code vocabulary (mutmut/stats.py); anything else counts as suspicious.
STATUS = {
    0: "survived",
    1: "killed",
    3: "killed",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    36: "timeout",
    24: "timeout",
    -24: "timeout",
    152: "timeout",
    255: "timeout",
    # A signal ended the test process: detected, but by a crash rather than a failed assertion.
    -8: "crashed",
    -11: "crashed",
    None: "not checked",
}


def run_mutmut(max_children: int, names: list[str]) -> tuple[list[str], float]:
    """`mutmut run` from the project root; the mutated copy must win over any PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env |= {"KEDRO_DISABLE_TELEMETRY": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
    # mutmut forks one child per mutant after the clean run has started TensorFlow; TF's thread
    # pools do not survive a fork, so an op big enough to be split across them (a batch of two
    # in max pooling) hangs the child until its timeout. One thread each runs ops inline.
    env |= {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}
    command = [str(MUTMUT), "run", "--max-children", str(max_children), *names]
    start = time.perf_counter()
    # mutmut's progress and any failure of its clean run go to a log beside its results.
    (ROOT / "mutants").mkdir(exist_ok=True)
    with (ROOT / "mutants" / "run.log").open("w") as log:
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=log, stderr=subprocess.STDOUT)
    return command, time.perf_counter() - start


def collect() -> list[dict]:
    """Every mutant's module, function and status from mutmut's `.meta` files."""
    mutants = []
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        module = str(meta.relative_to(ROOT / "mutants")).removesuffix(".meta")
        data = json.loads(meta.read_text())
        for name, code in data["exit_code_by_key"].items():
            # mutmut names a function x_f and a method xǁClassǁmethod.
            function = name.rsplit(".", 1)[1].split("__mutmut_")[0].removeprefix("x_")
            function = function.removeprefix("xǁ").replace("ǁ", ".")
            status = STATUS.get(code, "suspicious")
            mutants.append({"name": name, "module": module, "function": function, "status": status})
    return mutants


@functools.cache
def functions_of(module: str) -> dict[str, str]:
    """Source of every function in mutmut's copy of `module` (originals and mutants)."""
    source = (ROOT / "mutants" / module).read_text()
    # Whole lines by line number: ast.get_source_segment re-splits the file on every call,
    # which is quadratic in a mutated file of thousands of functions (minutes per report).
    lines = source.splitlines()
    return {
        node.name: "\n".join(lines[node.lineno - 1 : node.end_lineno])
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef)
    }


def diff_of(module: str, name: str) -> str:
    """The mutant's changed lines, read from mutmut's copy (as `mutmut show` would print)."""
    functions = functions_of(module)
    mutant = name.rsplit(".", 1)[1]
    original = mutant.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"
    if mutant not in functions or original not in functions:
        return "(source not found)"
    before = functions[original].replace(original, "f").splitlines()
    after = functions[mutant].replace(mutant, "f").splitlines()
    changed = difflib.unified_diff(before, after, lineterm="", n=0)
    return "\n".join(
        f"{line[0]} {line[1:].strip()}"
        for line in changed
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    )


def summarize(mutants: list[dict], explanations: dict[str, str]) -> dict:
    """Counts per module and overall, the survivors with their diffs and explanations."""
    by_module: dict[str, Counter] = {}
    for m in mutants:
        by_module.setdefault(m["module"], Counter())[m["status"]] += 1
        if m["status"] == "survived" and m["name"] in explanations:
            by_module[m["module"]]["equivalent"] += 1
    total = Counter(m["status"] for m in mutants)
    open_ = [m for m in mutants if m["status"] not in ("killed", "timeout")]
    for m in open_:
        m["diff"] = diff_of(m["module"], m["name"])
        m["explanation"] = explanations.get(m["name"])
    n = len(mutants)
    # Only a surviving mutant can be equivalent; an explained crash still counts as not killed.
    explained = sum(1 for m in open_ if m["explanation"] and m["status"] == "survived")
    return {
        "total": n,
        "counts": dict(total),
        "killed_share": total["killed"] / n if n else 0.0,
        "killed_or_timeout_share": (total["killed"] + total["timeout"]) / n if n else 0.0,
        "killed_share_of_non_equivalent": total["killed"] / (n - explained) if n > explained else 0,
        "by_module": {k: dict(v) for k, v in sorted(by_module.items())},
        "not_killed": open_,
    }


def write_markdown(report: dict, path: Path) -> None:
    s = report["summary"]
    lines = [
        "# Mutation testing",
        "",
        f"- Tool: mutmut {report['tool_version']}; config: `[tool.mutmut]` in pyproject.toml",
        f"- Machine: {report['machine']}",
        f"- Date: {report['date']}; wall time {report['wall_s']:.0f} s",
        f"- Command: `{report['command']}`",
        "",
        f"**{s['counts'].get('killed', 0)} of {s['total']} mutants killed "
        f"({s['killed_share']:.1%}); killed or timed out {s['killed_or_timeout_share']:.1%}; "
        f"killed among mutants not explained as equivalent "
        f"{s['killed_share_of_non_equivalent']:.1%}.**",
        "",
        f"**{len(s['by_module'])} modules.** Killed %: of all the module's mutants; "
        "of non-equivalent: leaving out the survivors explained as equivalent below.",
        "",
        "| module | mutants | killed | survived | of which equivalent | timeout | no tests | "
        "other | killed % | killed % of non-equivalent |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for module, c in s["by_module"].items():
        n = sum(v for k, v in c.items() if k != "equivalent")
        other = n - sum(c.get(k, 0) for k in STATUS_COLUMNS)
        killed, equivalent = c.get("killed", 0), c.get("equivalent", 0)
        cells = " | ".join(
            str(c.get(k, 0)) for k in ("killed", "survived", "equivalent", "timeout", "no tests")
        )
        share = killed / n if n else 0.0
        share_non_equivalent = killed / (n - equivalent) if n > equivalent else 1.0
        lines.append(
            f"| `{module}` | {n} | {cells} | {other} | {share:.1%} | {share_non_equivalent:.1%} |"
        )
    lines += ["", "## Notes", "", *[f"- {note}" for note in report["notes"]]]
    lines += ["", "## Mutants not killed", ""]
    if not s["not_killed"]:
        lines.append("None.")
    for m in s["not_killed"]:
        lines += [
            f"### `{m['name']}` ({m['status']})",
            "",
            "```diff",
            m["diff"],
            "```",
            "",
            f"{'Why it survives' if m['status'] == 'survived' else 'What happened'}: "
            f"{m['explanation'] or '**not explained yet**'}",
            "",
        ]
    path.write_text("\n".join(lines) + "\n")


STATUS_COLUMNS = ("killed", "survived", "timeout", "no tests")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument(
        "--survivors", action="store_true", help="re-check only the last report's survivors"
    )
    parser.add_argument(
        "--mutants", nargs="+", default=[], help="mutmut name patterns to (re-)run, e.g. a module"
    )
    args = parser.parse_args()
    last = RESULTS / "mutation.json"
    if args.report_only:  # re-render the last run's results: keep how and when it ran
        previous = json.loads(last.read_text()) if last.exists() else {}
        run = {"date": "(unknown)", "command": "(unknown)", "wall_s": 0.0}
        run |= {k: previous[k] for k in run if k in previous}
    else:
        names = list(args.mutants)
        if args.survivors:  # plus any --mutants patterns (say, a module whose code changed)
            names += [m["name"] for m in json.loads(last.read_text())["summary"]["not_killed"]]
        command, wall = run_mutmut(args.max_children, names)
        shown = [Path(c).name if c == str(MUTMUT) else c for c in command[:4]]
        shown += [repr(pattern) for pattern in args.mutants]
        if args.survivors:
            shown.append(f"<{len(names) - len(args.mutants)} survivors of the previous run>")
        run = {
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "command": " ".join(shown),
            "wall_s": wall,
        }
    curated = json.loads(EQUIVALENT.read_text()) if EQUIVALENT.exists() else {}
    explanations = curated.get("equivalent", {})
    report = {
        "tool": "mutmut",
        "tool_version": version("mutmut"),
        "machine": f"{platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, shared)",
        **run,
        "summary": summarize(collect(), explanations),
        "notes": curated.get("notes", []),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "mutation.json").write_text(json.dumps(report, indent=2) + "\n")
    write_markdown(report, RESULTS / "mutation.md")
    s = report["summary"]
    print(f"{s['counts']} — killed {s['killed_share']:.1%} of {s['total']}")


if __name__ == "__main__":
    main()

"""How long wide or header-only CSVs take to be refused (issue 22: 610 s and a hang on main).

Each case writes its CSV to a temporary folder, then times `RawSequenceDataset.load()` (and,
where the file gets past the reader, `validate_table`) until the refusal, best of `--repeats`.
Cases:
  - 50 000 features `c0…` + 2 rows: refused by width from the header alone (main: 610 s);
  - 2 000 000 columns, header only: refused by width (main: hung, killed at 120 s);
  - 8 000 features + 1 row: within the width limit, refused as a single-step sequence by
    the cheap check that now runs before the per-column checks (main: 27 s).

    PYTHONPATH=src python benchmarks/wide_header.py [--repeats 3]

Writes benchmarks/results/wide_header.json and .md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from _machine import PROJECT, RESULTS, machine_info, machine_text, utc_minute

sys.path.insert(0, str(PROJECT / "src"))

CASES = {
    "50000 features, 2 rows": (50_000, 2, "610 s"),
    "2000000 columns, header only": (2_000_000, 0, "hung (killed at 120 s)"),
    "8000 features, 1 row": (8_000, 1, "27 s"),
}


def write(path: Path, n_columns: int, rows: int) -> None:
    """A CSV with id, step and label columns (when it has rows) and `n_columns` features."""
    if rows == 0:
        path.write_text(",".join(f"c{i}" for i in range(n_columns)) + "\n")
        return
    names = ["sequence_id", "timestep", "label", *(f"c{i}" for i in range(n_columns))]
    values = ",".join(["1.5"] * n_columns)
    lines = [",".join(names), *(f"s0,{t},yes,{values}" for t in range(rows))]
    path.write_text("\n".join(lines) + "\n")


def refuse(path: Path) -> tuple[float, str]:
    """Seconds until the refusal, and its message's first 160 characters."""
    from seq_pipeline.core.columns import ColumnSpec  # noqa: PLC0415
    from seq_pipeline.core.errors import RawInputError  # noqa: PLC0415
    from seq_pipeline.core.tables import validate_table  # noqa: PLC0415
    from seq_pipeline.datasets import RawSequenceDataset  # noqa: PLC0415

    started = time.perf_counter()
    try:
        validate_table(RawSequenceDataset(filepath=str(path)).load(), ColumnSpec())
    except RawInputError as error:
        return time.perf_counter() - started, str(error).replace(str(path.parent), "…")[:160]
    raise AssertionError(f"{path} was accepted")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, (n_columns, rows, on_main) in CASES.items():
            path = Path(folder) / "raw.csv"
            write(path, n_columns, rows)
            runs = [refuse(path) for _ in range(args.repeats)]
            results[name] = {
                "seconds_best": round(min(s for s, _ in runs), 3),
                "seconds_all": [round(s, 3) for s, _ in runs],
                "file_mb": round(path.stat().st_size / 2**20, 2),
                "message": runs[0][1],
                "main_reported_in_issue_22": on_main,
            }
            print(f"{name}: {results[name]['seconds_best']} s", flush=True)
    record = {
        "command": f"PYTHONPATH=src python benchmarks/wide_header.py --repeats {args.repeats}",
        "date": utc_minute(),
        "machine": machine_text(),
        "packages": machine_info("pandas", "fsspec"),
        "cases": results,
    }
    (RESULTS / "wide_header.json").write_text(json.dumps(record, indent=2) + "\n")
    lines = [
        "# Wide CSV headers: time to refusal",
        "",
        f"`{record['command']}`, {record['date']}, {record['machine']}.",
        "",
        "| Case | File | Refused in (best of "
        f"{args.repeats}) | Main (issue 22) | Message (start) |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {name} | {r['file_mb']} MiB | {r['seconds_best']} s | "
        f"{r['main_reported_in_issue_22']} | `{r['message'][:110]}…` |"
        for name, r in results.items()
    ]
    (RESULTS / "wide_header.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

"""Checks made while reading raw tables, before pandas can silently reshape them.

A `;`-separated CSV read with `,` is one column; a duplicated header name becomes
`pressure.1`; ids like `000123` lose their zeros when read as numbers; Parquet parts that
disagree on their schema concatenate into half-empty columns. Each is caught here, where
the file (or part) can still be named.
"""

from __future__ import annotations

import csv
import logging
from collections import Counter
from typing import Any

import fsspec
import pandas as pd

from seq_pipeline.core.errors import UnreadableInputError, examples

logger = logging.getLogger(__name__)

# The widest raw table read by default: every UCR/UEA dataset has fewer than 1 500 features,
# and checking a wider table takes minutes. `max_columns` on the raw dataset raises it.
MAX_COLUMNS = 10_000
# The longest header line read: a file with no line break this early is not a CSV table.
MAX_HEADER_BYTES = 64 * 1024 * 1024
# Read size while looking for the end of the header line.
CHUNK_BYTES = 1024 * 1024
# Delimiters tried when the header holds no comma.
OTHER_DELIMITERS = (";", "\t", "|")


def csv_load_args(
    path: str, load_args: dict[str, Any], max_columns: int = MAX_COLUMNS
) -> dict[str, Any]:
    """`load_args` for pandas with the delimiter found in the header and every column as text.

    The header line is read whole and checked (width, data rows, repeated names) before
    pandas reads anything, so a malformed wide file costs seconds, not minutes. Text keeps
    ids like `000123` intact; ingest gives steps, labels and features their types once it
    knows each column's role. Arguments the user set are kept as they are; with `decimal`
    pandas must parse the numbers itself, so ids need `dtype: {<id column>: str}`.
    """
    args = dict(load_args)
    header, has_rows = read_header(path)
    if "sep" not in args and "delimiter" not in args:
        args["sep"] = _delimiter(header, path)
    sep = args.get("sep") or args.get("delimiter") or ","
    names = next(csv.reader([header], delimiter=sep)) if header.strip() else []
    check_width(len(names), max_columns, path)
    if not has_rows and args.get("header", 0) == 0:
        raise UnreadableInputError(
            f"{path}: the file has no rows below its header ({len(names)} column(s), "
            f"{examples(names)}). Is it the whole file?"
        )
    if "names" not in args and args.get("header", 0) == 0:
        _check_header_names(names, path)
    if "decimal" not in args:  # pandas applies `decimal` only to columns it parses itself
        args.setdefault("dtype", str)
    return args


def read_header(path: str) -> tuple[str, bool]:
    """The whole first line (without BOM and line break), and whether a data row follows."""
    head = bytearray()
    with fsspec.open(path, "rb") as file:
        while True:
            chunk = file.read(CHUNK_BYTES)
            end = chunk.find(b"\n")
            if end >= 0 or not chunk:
                head += chunk[:end] if end >= 0 else chunk
                rest = chunk[end + 1 :] if end >= 0 else b""
                break
            head += chunk
            if len(head) > MAX_HEADER_BYTES:
                raise UnreadableInputError(
                    f"{path}: no line break in the first {MAX_HEADER_BYTES // 2**20} MiB; a "
                    "CSV table starts with a header line naming its columns."
                )
        # Blank lines after the header are not data; read on until something else shows.
        while not rest.strip():
            rest = file.read(CHUNK_BYTES)
            if not rest:
                break
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r")
    return text, bool(rest.strip())


def check_width(n_columns: int, max_columns: int, path: str) -> None:
    """Refuse a table wider than `max_columns` before reading it: checking it takes minutes."""
    if n_columns > max_columns:
        raise UnreadableInputError(
            f"{path}: the header names {n_columns} columns, more than max_columns="
            f"{max_columns}; each column is a feature at every time step. Is the table in "
            "long format (one row per sequence and time step)? If the features are real, "
            "raise `max_columns` on the raw dataset (conf/local/catalog.yml)."
        )


def _delimiter(header: str, path: str) -> str:
    """`,` when the header holds one, else the most frequent of `;`, tab and `|` in it.

    Decided on the header alone: data rows with decimal commas (`1,5`) mislead a guess
    made from the values, such as `csv.Sniffer`'s.
    """
    if "," in header:
        return ","
    found = max(OTHER_DELIMITERS, key=header.count)
    if not header.count(found):
        return ","
    logger.warning(
        "%s: the header holds no ',' but %d '%s': reading the columns as separated by %r.",
        path,
        header.count(found),
        found,
        found,
    )
    return found


def _check_header_names(names: list[str], path: str) -> None:
    """Refuse a header naming one column twice: pandas would rename the copy `name.1`."""
    repeated = [name for name, n in Counter(names).items() if n > 1 and name.strip()]
    if repeated:
        positions = {name: [i + 1 for i, n in enumerate(names) if n == name] for name in repeated}
        raise UnreadableInputError(
            f"{path}: the header names column(s) {examples(repeated)} more than once "
            f"(column positions {positions}); pandas would read the copy as "
            f"'{repeated[0]}.1'. Give every column a distinct name."
        )


def check_part_schemas(parts: dict[str, pd.DataFrame], folder: str) -> None:
    """Refuse Parquet parts whose column names or kinds of type differ from the first part's."""
    compare_part_schemas({name: part_schema(part) for name, part in parts.items()}, folder)


def part_schema(part: pd.DataFrame) -> dict[str, tuple[str | None, str]]:
    """Each column's kind of type and dtype: what `compare_part_schemas` compares.

    Small, so a sharded run can collect it part by part instead of holding the parts.
    """
    return {str(c): (_kind(part[c]), str(part[c].dtype)) for c in part.columns}


def compare_part_schemas(
    schemas: dict[str, dict[str, tuple[str | None, str]]], folder: str
) -> None:
    """Refuse parts (name → `part_schema`) that disagree with the first part."""
    names = list(schemas)
    first = schemas[names[0]]
    problems = []
    for name in names[1:]:
        part = schemas[name]
        missing = [c for c in first if c not in part]
        extra = [c for c in part if c not in first]
        if missing or extra:
            problems.append(
                f"part '{name}' lacks {examples(missing)} and adds {examples(extra)} "
                f"compared with '{names[0]}'"
            )
        for column in (c for c in first if c in part):
            (kind0, dtype0), (kind1, dtype1) = first[column], part[column]
            if None not in (kind0, kind1) and kind0 != kind1:
                problems.append(
                    f"column '{column}' is {kind0} ({dtype0}) in "
                    f"'{names[0]}' but {kind1} ({dtype1}) in '{name}'"
                )
    if problems:
        raise UnreadableInputError(
            f"{folder}: the Parquet parts disagree on their schema: "
            + "; ".join(problems[:10])
            + ". Write every part with the same column names and types."
        )


def _kind(values: pd.Series) -> str | None:
    """The kind of a column's type; int and float parts mix safely (a part with gaps).

    None for a column with no value at all, whose type says nothing.
    """
    if values.isna().all():
        return None
    kind = values.dtype.kind
    if kind in "iuf":
        return "numeric"
    return {"b": "boolean", "M": "datetime", "m": "duration"}.get(kind, "text")

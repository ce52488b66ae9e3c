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

# Bytes read to find the header line and its delimiter.
HEAD_BYTES = 1024
# Delimiters tried when the header holds no comma.
OTHER_DELIMITERS = (";", "\t", "|")


def csv_load_args(path: str, load_args: dict[str, Any]) -> dict[str, Any]:
    """`load_args` for pandas with the delimiter found in the header and every column as text.

    Text keeps ids like `000123` intact; ingest gives steps, labels and features their types
    once it knows each column's role. Arguments the user set are kept as they are; with
    `decimal` pandas must parse the numbers itself, so ids need `dtype: {<id column>: str}`.
    """
    args = dict(load_args)
    with fsspec.open(path, "rb") as file:
        head = file.read(HEAD_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    header = head.splitlines()[0] if head.strip() else ""
    if "sep" not in args and "delimiter" not in args:
        args["sep"] = _delimiter(header, path)
    if "names" not in args and args.get("header", 0) == 0:
        _check_header_names(header, args.get("sep") or args.get("delimiter") or ",", path)
    if "decimal" not in args:  # pandas applies `decimal` only to columns it parses itself
        args.setdefault("dtype", str)
    return args


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


def _check_header_names(header: str, sep: str, path: str) -> None:
    """Refuse a header naming one column twice: pandas would rename the copy `name.1`."""
    names = next(csv.reader([header], delimiter=sep)) if header else []
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

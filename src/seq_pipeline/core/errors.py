"""One exception type for bad user input, and the one way its messages are written.

Every message names the file, the column and a few offending ids or values, so a user can
find the problem in their own data without reading a pandas or TensorFlow traceback.
"""

from __future__ import annotations

from collections.abc import Iterable

from kedro.io.core import DatasetError

MAX_EXAMPLES = 5


class RawInputError(ValueError):
    """Raw data that the pipeline cannot use; the message names file, column and values."""


class UnreadableInputError(RawInputError, DatasetError):
    """A raw file that cannot be read at all (missing, empty, corrupt, unknown format).

    Also a ``DatasetError`` so that Kedro's catalog passes it through unchanged.
    """


class ParameterError(ValueError):
    """A parameter the pipeline cannot use; the message names the key and the value."""


def examples(values: Iterable[object], limit: int = MAX_EXAMPLES) -> str:
    """Up to `limit` distinct values as a short list, with a count of the rest."""
    values = list(values)
    try:
        unique = list(dict.fromkeys(values))
    except TypeError:  # unhashable values (a Parquet struct or list cell) compare by repr
        unique = list({repr(v): v for v in values}.values())
    shown = ", ".join(repr(_plain(v)) for v in unique[:limit])
    more = f" (+{len(unique) - limit} more)" if len(unique) > limit else ""
    return f"[{shown}]{more}"


def input_error(source: str, column: str | None, problem: str, hint: str = "") -> RawInputError:
    """A `RawInputError` worded as `<file>: column '<col>': <problem>. <hint>`."""
    where = f"{source}: column '{column}': " if column else f"{source}: "
    return RawInputError(f"{where}{problem}" + (f". {hint}" if hint else ""))


def source_of(table: object, report: dict | None) -> str:
    """The raw file behind a table: from the ingest report, else the table's attrs."""
    attrs = getattr(table, "attrs", {})
    return (report or {}).get("source") or attrs.get("source", "<raw input>")


def user_column(column: str, report: dict | None) -> str:
    """The user's name for a canonical column, so messages point at their own header."""
    return (report or {}).get("columns", {}).get(column, column)


def _plain(value: object) -> object:
    """NumPy scalars as plain Python values, so messages read `'a'` rather than `np.str_('a')`."""
    return value.item() if hasattr(value, "item") else value

"""What a person reads on the console: plain lines when piped, the project's own errors
without a traceback, and the run's start recorded for its closing summary.

conf/logging.yml routes Kedro's per-dataset lines and tips to info.log and shows the rest
through Rich. Rich lays a record out at the terminal's width, and at 80 columns when there is
no terminal, so piped output (`make run > log`, CI, scheduler task logs) would break tables
and paths mid-line. `plain_when_piped` puts a plain stream handler in each Rich handler's
place then, with the `plain` formatter of the logging configuration.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any, TextIO

from kedro.io.core import DatasetError
from kedro.validation import ParameterValidationError

from seq_pipeline.core.errors import ParameterError, RawInputError

# Shows the traceback of the project's own errors too (the `--verbose` flag of `kedro` works
# as well: `kedro --verbose run`).
TRACEBACK_ENV = "SEQ_PIPELINE_TRACEBACK"
PLAIN_FORMAT = {"format": "%(asctime)s %(levelname)-7s %(message)s", "datefmt": "%H:%M:%S"}

OWN_ERRORS: tuple[type[BaseException], ...] = (
    RawInputError,
    ParameterError,
    ParameterValidationError,
)

# How this process's run started, for the closing summary (set by cli.py's `run`).
RUN_START: dict[str, Any] = {}


def _plain_formatter() -> logging.Formatter:
    """The logging configuration's `plain` formatter, or the same format if it has none."""
    from kedro.framework.project import LOGGING  # noqa: PLC0415

    spec = (LOGGING.get("formatters") or {}).get("plain") or PLAIN_FORMAT
    return logging.Formatter(spec.get("format"), spec.get("datefmt"))


def plain_when_piped(stream: TextIO | None = None) -> bool:
    """Rich console handlers replaced by plain ones when `stream` is not a terminal.

    Returns whether it replaced anything. A terminal keeps Rich.
    """
    stream = stream or sys.stdout
    if stream.isatty():
        return False
    from rich.logging import RichHandler  # noqa: PLC0415

    formatter = _plain_formatter()
    manager = logging.Logger.manager
    loggers = [logging.getLogger()] + [
        logger for logger in manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    replaced = False
    for logger in loggers:
        for i, handler in enumerate(list(logger.handlers)):
            if isinstance(handler, RichHandler):
                plain = logging.StreamHandler(stream)
                plain.setLevel(handler.level)
                plain.setFormatter(formatter)
                logger.handlers[i] = plain
                replaced = True
    if replaced:
        # Rich also prints uncaught tracebacks at 80 columns: Python's own printer instead.
        sys.excepthook = sys.__excepthook__
    return replaced


def is_own_error(error: BaseException) -> bool:
    """An input, parameter or run error of the project, anywhere in the exception chain.

    Kedro wraps errors raised while loading a dataset; pydantic wraps those raised in a
    validator. The message of the project's error says everything the user needs, as does
    Kedro's own check of an options block against its typed model.
    """
    from seq_pipeline.framework.runs import RunError  # noqa: PLC0415

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (*OWN_ERRORS, RunError)):
            return True
        current = current.__cause__ or current.__context__
    return False


def own_error_message(error: BaseException) -> str:
    """The message to print for a project error: Kedro's wrapping, if any, left out."""
    current: BaseException | None = error
    while current is not None and isinstance(current, DatasetError):
        if isinstance(current, RawInputError):
            break
        current = current.__cause__ or current.__context__
    return str(current or error)


def show_tracebacks() -> bool:
    """Whether the user asked for tracebacks of the project's own errors too."""
    return os.environ.get(TRACEBACK_ENV, "").strip().lower() not in ("", "0", "false", "no")

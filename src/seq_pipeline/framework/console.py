"""What a person reads on the console: Rich in a terminal, plain lines otherwise, the
project's own errors without a traceback, and the run's start for its closing summary.

conf/logging.yml routes Kedro's per-dataset lines and tips to info.log and writes the rest
with plain handlers, one record per line. Rich lays a record out at the terminal's width, and
at 80 columns when there is no terminal, so piped output (`make run > log`, CI, scheduler task
logs) would break tables and paths mid-line: Rich is used only when stdout is a terminal,
where `rich_in_terminal` puts it in place of the plain handlers (the `terminal` entry of the
logging configuration).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any, TextIO

from kedro.io.core import DatasetError
from kedro.validation import ParameterValidationError

from seq_pipeline.core.errors import ParameterError, RawInputError

# Shows the traceback of the project's own errors too, as `kedro run --verbose` does.
TRACEBACK_ENV = "SEQ_PIPELINE_TRACEBACK"

OWN_ERRORS: tuple[type[BaseException], ...] = (
    RawInputError,
    ParameterError,
    ParameterValidationError,
)

# How this process's run started, for the closing summary (set by cli.py's `run`).
RUN_START: dict[str, Any] = {}


def _terminal_options() -> dict[str, Any]:
    """Keyword arguments of the logging configuration's `terminal` handler (Rich)."""
    from kedro.framework.project import LOGGING  # noqa: PLC0415

    spec = dict(LOGGING.get("terminal") or {})
    spec.pop("class", None)
    spec.pop("level", None)
    return spec


def rich_in_terminal(stream: TextIO | None = None) -> bool:
    """Each plain console handler replaced by Rich when `stream` (stdout) is a terminal.

    Returns whether it replaced anything. Piped output keeps the plain handlers, whose lines
    are never wrapped.
    """
    stream = stream or sys.stdout
    if not stream.isatty():
        return False
    from kedro.logging import RichHandler  # noqa: PLC0415

    options = _terminal_options()
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    replaced = False
    for logger in loggers:
        for i, handler in enumerate(list(logger.handlers)):
            # Console handlers only: exactly a StreamHandler on this stream (file handlers
            # are StreamHandler subclasses).
            if type(handler) is logging.StreamHandler and handler.stream is stream:
                logger.handlers[i] = RichHandler(level=handler.level, **options)
                replaced = True
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

"""The console: plain handlers when piped, Rich in a terminal; which errors lose the traceback."""

from __future__ import annotations

import io
import logging
import sys

import kedro.framework.project  # noqa: F401  (configures logging first, as a CLI run does)
import pytest
from kedro.io.core import DatasetError
from kedro.logging import RichHandler

from seq_pipeline.core.errors import ParameterError, RawInputError
from seq_pipeline.framework.console import is_own_error, own_error_message, plain_when_piped
from seq_pipeline.framework.runs import RunError


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def rich_logger(monkeypatch):
    """A logger with a Rich handler; every logger's handlers and the excepthook restored."""
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    saved = [(lg, list(lg.handlers)) for lg in loggers]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    logger = logging.getLogger("tests.console")
    rich = RichHandler(level=logging.WARNING)
    logger.handlers = [rich]
    yield logger, rich
    logger.handlers = []
    for lg, handlers in saved:
        lg.handlers = handlers


def test_piped_output_gets_a_plain_handler_that_never_wraps(rich_logger):
    logger, _ = rich_logger
    stream = io.StringIO()
    assert plain_when_piped(stream) is True
    (handler,) = logger.handlers
    assert type(handler) is logging.StreamHandler and handler.level == logging.WARNING
    long_path = "data/runs/20261206T074854474Z-f37c51/" + "x" * 150 + "/diagnosis.html"
    logger.warning("report at %s", long_path)
    assert f"report at {long_path}\n" in stream.getvalue()


def test_a_terminal_keeps_rich(rich_logger):
    logger, rich = rich_logger
    assert plain_when_piped(Terminal()) is False
    assert logger.handlers == [rich]


@pytest.mark.parametrize("error", [RawInputError("f.csv: bad"), ParameterError("p"), RunError("r")])
def test_the_projects_own_errors_are_recognised_through_kedros_wrapping(error):
    try:
        try:
            raise error
        except ValueError as inner:
            raise DatasetError("Failed while loading data from dataset raw") from inner
    except DatasetError as wrapped:
        assert is_own_error(wrapped)
        assert own_error_message(wrapped) == str(error)


def test_unexpected_errors_keep_their_traceback():
    assert not is_own_error(KeyError("column"))
    assert not is_own_error(DatasetError("disk full"))

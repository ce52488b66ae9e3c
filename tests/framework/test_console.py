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
from seq_pipeline.framework.console import is_own_error, own_error_message, rich_in_terminal
from seq_pipeline.framework.runs import RunError


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def console_logger(monkeypatch):
    """A logger with a plain console handler on its own stream; every logger's handlers and
    the excepthook restored afterwards."""
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    saved = [(lg, list(lg.handlers)) for lg in loggers]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    logger = logging.getLogger("tests.console")
    yield logger
    for lg, handlers in saved:
        lg.handlers = handlers
    logger.handlers = []


def test_piped_output_keeps_plain_lines_that_never_wrap(console_logger):
    stream = io.StringIO()
    plain = logging.StreamHandler(stream)
    plain.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    console_logger.handlers = [plain]
    assert rich_in_terminal(stream) is False
    assert console_logger.handlers == [plain]
    long_path = "data/runs/20261206T074854474Z-f37c51/" + "x" * 150 + "/diagnosis.html"
    console_logger.warning("report at %s", long_path)
    assert stream.getvalue() == f"WARNING report at {long_path}\n"


def test_a_terminal_gets_rich_at_the_same_level_and_files_stay(console_logger, tmp_path):
    stream = Terminal()
    plain = logging.StreamHandler(stream)
    plain.setLevel(logging.WARNING)
    file = logging.FileHandler(tmp_path / "info.log", delay=True)
    console_logger.handlers = [plain, file]
    assert rich_in_terminal(stream) is True
    rich, kept = console_logger.handlers
    assert isinstance(rich, RichHandler) and rich.level == logging.WARNING
    assert kept is file


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

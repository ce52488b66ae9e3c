"""The data root, checked once and resolved against the project, never the current folder.

A notebook's kernel starts in `notebooks/`, `kedro ipython` wherever it is typed: a relative
root (the default `data`) must name the same folder for all of them, as the catalog's paths do
(Kedro makes relative catalog paths absolute against the project path).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import fsspec

from seq_pipeline.core.redact import redact
from seq_pipeline.framework.runs import RunError

VARIABLE = "SEQ_PIPELINE_DATA_ROOT"
_URL = re.compile(r"^(?P<protocol>[A-Za-z][A-Za-z0-9+.-]*)://")


def _source() -> str:
    if VARIABLE in os.environ:
        return f"the environment variable {VARIABLE} (= {redact(os.environ[VARIABLE])!r})"
    return "data_root in conf/<env>/globals.yml"


def resolve_data_root(value: object, project_path: Path | str) -> str:
    """The data root as an absolute path or URL; empty or unknown values are refused."""
    text = "" if value is None else str(value)
    if not text.strip() or text != text.strip():
        raise RunError(
            f"the data root is {text!r}, from {_source()}: give a folder or an fsspec URL "
            f"(or unset {VARIABLE} for the default, <project>/data)"
        )
    url = _URL.match(text)
    if url:
        try:
            fsspec.get_filesystem_class(url["protocol"])
        except (ValueError, ImportError) as error:
            raise RunError(
                f"the data root {redact(text)!r}, from {_source()}, cannot be opened: {error}"
            ) from None
        return text.rstrip("/") if url["protocol"] != "file" else text[len("file://") :]
    path = Path(text).expanduser()
    return str(path if path.is_absolute() else Path(project_path) / path)

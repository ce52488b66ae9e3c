"""Where raw input lives: checks on the path or URL itself, made before any reader runs.

Cheap and first: the filesystem can be reached (a URL names its reason, credentials
redacted), the input exists, it is a regular file or a folder (a FIFO or device would hang a
reader), and a folder's files that no reader takes are named rather than skipped in silence.
"""

from __future__ import annotations

import logging
from typing import Any

import fsspec

from seq_pipeline.core.errors import UnreadableInputError, examples
from seq_pipeline.core.redact import redact_url

logger = logging.getLogger(__name__)

# Names a writer leaves next to its parts (Spark's `_SUCCESS`, `.crc` checksums): not data.
HIDDEN_PREFIXES = ("_", ".")


def locate(path: str) -> tuple[Any, str, dict[str, Any]]:
    """The filesystem, its path for `path`, and its `info`; any failure names the input."""
    shown = redact_url(path)
    try:
        fs, local = fsspec.core.url_to_fs(path)
    except ImportError as exc:  # e.g. http(s) without aiohttp, s3 without s3fs
        raise UnreadableInputError(
            f"{shown}: cannot open this URL: {_reason(exc, path)}. Install the package named "
            "there, or copy the file to local disk first."
        ) from None
    except OSError as exc:  # e.g. an FTP server refusing the connection
        raise UnreadableInputError(
            f"{shown}: cannot connect ({_reason(exc, path)}). Check the host, port and credentials."
        ) from None
    try:
        info = fs.info(local)
    except FileNotFoundError as exc:
        # HTTP reports every failure (refused, timed out, 403) as FileNotFoundError; the
        # cause tells a missing file (404) from a server that could not be asked.
        cause = exc.__cause__
        if cause is None or getattr(cause, "status", None) == 404:
            raise UnreadableInputError(f"{shown}: raw input does not exist.") from None
        raise UnreadableInputError(
            f"{shown}: cannot reach it ({_reason(cause, path)}). Check the URL, that the "
            "server is up, and the credentials."
        ) from None
    except Exception as exc:  # a network filesystem raises its own types
        raise UnreadableInputError(
            f"{shown}: cannot reach it ({_reason(exc, path)}). Check the URL, that the server "
            "is up, and the credentials."
        ) from None
    if info.get("type") not in ("file", "directory"):
        raise UnreadableInputError(
            f"{shown}: is neither a regular file nor a folder (type {info.get('type')!r}: a "
            "pipe, device or socket); reading it could wait forever. Give a file or a folder."
        )
    return fs, local, info


def parquet_parts(fs: Any, local: str, path: str) -> list[str]:
    """The folder's `*.parquet` files (subfolders included), warning about every other file."""
    files = sorted(fs.find(local))
    relative = [f[len(local.rstrip("/")) + 1 :] for f in files]
    parts = [r for r in relative if r.endswith(".parquet")]
    ignored = [
        r
        for r in relative
        if not r.endswith(".parquet") and not r.rsplit("/", 1)[-1].startswith(HIDDEN_PREFIXES)
    ]
    shown = redact_url(path)
    if not parts:
        raise UnreadableInputError(
            f"{shown}: directory holds no '*.parquet' parts (nor *_TRAIN.ts/*_TEST.ts files); "
            f"found {examples(relative)}. A folder is read as Parquet parts; give a single "
            "CSV, NPZ or .ts file by its own path."
        )
    if ignored:
        logger.warning(
            "%s: reading the %d '*.parquet' part(s) %s and ignoring %d other file(s) %s; "
            "a folder is read as Parquet parts only (give another file by its own path).",
            shown,
            len(parts),
            examples(parts),
            len(ignored),
            examples(ignored),
        )
    return parts


def _reason(exc: BaseException, path: str) -> str:
    """The exception as `Type: message`, with the URL in it redacted."""
    return f"{type(exc).__name__}: {exc}".replace(path, redact_url(path))

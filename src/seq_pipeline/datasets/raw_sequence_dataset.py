"""``RawSequenceDataset``: read-only loader for the user's raw sequences, any supported format.

One catalog entry serves every format so that `kedro run --params raw_path=<path>` is the
only thing a user changes; the reader is chosen from the path and delegated to kedro-datasets
(CSV, Parquet, a directory of Parquet parts) or aeon (UCR/UEA `.ts`) where a reader exists.
Every format comes back as the same long table with `df.attrs["source"]`/`["format"]`, so
ingest has one code path and every later message can name the file.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import fsspec
import pandas as pd
from kedro.io.core import AbstractDataset, DatasetError
from kedro_datasets.pandas import CSVDataset, ParquetDataset
from kedro_datasets.partitions import PartitionedDataset

from seq_pipeline.core.columns import SPLIT
from seq_pipeline.core.errors import UnreadableInputError
from seq_pipeline.core.formats import (
    ARRAY_FORMATS,
    GENERATED_COLUMNS,
    TABLE_FORMATS,
    stack_train_test,
)
from seq_pipeline.core.redact import redact_url
from seq_pipeline.datasets.array_tables import arrays_to_long_table, read_npz, read_ts
from seq_pipeline.datasets.raw_sources import locate, parquet_parts
from seq_pipeline.datasets.table_checks import MAX_COLUMNS, check_part_schemas, csv_load_args

# `aeon:<Name>` reads a dataset bundled inside the installed aeon package (offline).
AEON_PREFIX = "aeon:"

__all__ = ["RawSequenceDataset", "arrays_to_long_table"]


class RawSequenceDataset(AbstractDataset[None, pd.DataFrame]):
    """Loads raw sequences as a long-format ``DataFrame`` and refuses to save.

    Supported: ``.csv``, ``.parquet``/``.pq``, a directory of Parquet parts, ``.npz``
    (``X`` (N, T, F) + ``y``, or ``X_train``/``y_train``/``X_test``/``y_test``, optional
    ``lengths`` for ragged data), UCR/UEA ``.ts``, a directory holding ``*_TRAIN.ts`` and
    ``*_TEST.ts``, and ``aeon:<Name>`` for a dataset bundled with aeon. ``test_filepath``
    adds a second file as the test split; the split is recorded in a ``split`` column.
    A table wider than ``max_columns`` is refused from its header, before it is read.
    """

    def __init__(
        self,
        *,
        filepath: str,
        test_filepath: str | None = None,
        load_args: dict[str, Any] | None = None,
        max_columns: int = MAX_COLUMNS,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self._filepath = str(filepath)
        self._test_filepath = str(test_filepath) if test_filepath else None
        self._load_args = dict(load_args or {})
        self._max_columns = int(max_columns)
        self.metadata = metadata

    @property
    def filepath(self) -> str:
        return self._filepath

    @property
    def test_filepath(self) -> str | None:
        return self._test_filepath

    def _describe(self) -> dict[str, Any]:
        return {"filepath": self._filepath, "test_filepath": self._test_filepath}

    def _exists(self) -> bool:
        fs, path = fsspec.core.url_to_fs(_resolve(self._filepath))
        return fs.exists(path)

    def load(self) -> pd.DataFrame:
        if self._filepath in ("None", ""):
            raise UnreadableInputError(
                "no raw input is configured: pass --params raw_path=<file, folder or URL> "
                "(or set SEQ_PIPELINE_RAW_PATH in the production environment)"
            )
        path = _resolve(self._filepath)
        try:
            if self._test_filepath is None:
                table, fmt = _read_any(path, self._load_args, self._max_columns)
                source = redact_url(str(path))
            else:
                test_path = _resolve(self._test_filepath)
                train, fmt = _read_any(path, self._load_args, self._max_columns)
                test, _ = _read_any(test_path, self._load_args, self._max_columns)
                names = (redact_url(str(path)), redact_url(str(test_path)))
                table = stack_train_test(train, test, fmt in GENERATED_COLUMNS, names=names)
                source = " + ".join(names)
        except UnreadableInputError as exc:
            raise _redacted(exc, path, self._test_filepath) from exc.__cause__
        table.attrs.update(source=source, format=fmt)
        # A split this dataset made (from two files or NPZ keys) overrides `columns.split`.
        if SPLIT in table.columns and (fmt in GENERATED_COLUMNS or self._test_filepath):
            table.attrs["split_column"] = SPLIT
        return table

    def save(self, data: pd.DataFrame) -> None:
        raise DatasetError(f"'{self._filepath}' is raw input and is never written by the pipeline.")


def _resolve(filepath: str) -> str:
    """The path or fsspec URL, with `aeon:<Name>` mapped into the installed aeon package."""
    if not filepath.startswith(AEON_PREFIX):
        return filepath
    name = filepath[len(AEON_PREFIX) :]
    try:
        import aeon.datasets  # noqa: PLC0415 - optional extra
    except ImportError as exc:
        raise UnreadableInputError(
            f"{filepath}: reading aeon's bundled datasets needs aeon; install the `ts` "
            "extra: pip install -e '.[ts]'"
        ) from exc
    folder = Path(aeon.datasets.__file__).parent / "data" / name
    if not folder.is_dir():
        raise UnreadableInputError(f"{filepath}: aeon ships no dataset folder '{folder}'.")
    return str(folder)


def _redacted(exc: UnreadableInputError, path: str, test_path: str | None) -> UnreadableInputError:
    """`exc` with the raw URLs in its message shown without their credentials."""
    message = str(exc)
    for url in (path, test_path):
        if url:
            message = message.replace(str(url), redact_url(str(url)))
    return exc if message == str(exc) else UnreadableInputError(message)


def _format_of(path: str, fs: Any, local: str, is_dir: bool) -> str:
    """The reader for `path`: from its extension, or from what a directory holds."""
    if is_dir:
        if fs.glob(f"{local}/*_TRAIN.ts") and fs.glob(f"{local}/*_TEST.ts"):
            return "ts_dir"
        return "parquet_dir"
    suffix = PurePosixPath(local).suffix.lower()
    fmt = TABLE_FORMATS.get(suffix) or ARRAY_FORMATS.get(suffix)
    if fmt is None:
        supported = ", ".join(sorted({**TABLE_FORMATS, **ARRAY_FORMATS}))
        raise UnreadableInputError(
            f"{path}: cannot tell the format from the extension '{suffix or '(none)'}'; "
            f"supported: {supported}, a directory of Parquet parts, or a directory with "
            "*_TRAIN.ts and *_TEST.ts."
        )
    return fmt


def _read_any(path: str, load_args: dict[str, Any], max_columns: int) -> tuple[pd.DataFrame, str]:
    """Read one path or URL with the reader its format needs; every failure names the file.

    Cheap checks first (reachable, exists, regular file, not empty, then the CSV header),
    so bad input is refused in seconds rather than after a full read.
    """
    fs, local, info = locate(path)
    is_dir = info.get("type") == "directory"
    fmt = _format_of(path, fs, local, is_dir)
    if not is_dir and info.get("size") == 0:
        raise UnreadableInputError(f"{path}: the file is empty (0 bytes).")
    try:
        table = _READERS[fmt](path, load_args, max_columns)
    except UnreadableInputError:
        raise
    except Exception as exc:
        raise UnreadableInputError(
            f"{path}: could not read it as {fmt} ({type(exc).__name__}: {exc}). "
            "Is the file complete and in that format?"
        ) from exc
    return table, "ts" if fmt == "ts_dir" else fmt


def _read_csv(path: str, load_args: dict[str, Any], max_columns: int) -> pd.DataFrame:
    args = csv_load_args(str(path), load_args, max_columns)
    return CSVDataset(filepath=str(path), load_args=args).load()


def _read_parquet(path: str, load_args: dict[str, Any], _: int) -> pd.DataFrame:
    return ParquetDataset(filepath=str(path), load_args=load_args).load()


def _read_parquet_dir(path: str, load_args: dict[str, Any], _: int) -> pd.DataFrame:
    """All Parquet parts of a directory (as Spark or pandas write them), in name order."""
    fs, local = fsspec.core.url_to_fs(path)
    parquet_parts(fs, local, path)  # refuses a folder without parts, names the other files
    parts = PartitionedDataset(
        path=str(path),
        dataset={"type": "pandas.ParquetDataset", "load_args": load_args},
        filename_suffix=".parquet",
    ).load()
    tables = {f"{key}.parquet": parts[key]() for key in sorted(parts)}
    check_part_schemas(tables, str(path))
    return pd.concat(list(tables.values()), ignore_index=True)


def _read_ts_dir(path: str, load_args: dict[str, Any], _: int) -> pd.DataFrame:
    """The archive layout: `<Name>_TRAIN.ts` and `<Name>_TEST.ts` as the official split."""
    fs, local = fsspec.core.url_to_fs(path)
    # Named as the user wrote the folder (a path or a URL), so messages point at their files.
    train_path, test_path = (
        f"{path.rstrip('/')}/{PurePosixPath(sorted(fs.glob(f'{local}/*_{part}.ts'))[0]).name}"
        for part in ("TRAIN", "TEST")
    )
    names = (train_path, test_path)
    return stack_train_test(read_ts(train_path), read_ts(test_path), True, names=names)


_READERS = {
    "csv": _read_csv,
    "parquet": _read_parquet,
    "parquet_dir": _read_parquet_dir,
    "npz": lambda path, *_: read_npz(path),
    "ts": lambda path, *_: read_ts(path),
    "ts_dir": _read_ts_dir,
}

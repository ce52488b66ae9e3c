"""``RawSequenceDataset``: read-only loader for the user's raw sequences, any supported format.

One catalog entry serves every format so that `kedro run --params raw_path=<file>` is the
only thing a user changes; the reader is chosen from the path's extension and delegated to
kedro-datasets where a dataset exists. Array formats come back as the same long table as
CSV/Parquet, with canonical column names, so ingest has one code path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from kedro.io.core import AbstractDataset, DatasetError
from kedro_datasets.pandas import CSVDataset, ParquetDataset

from seq_pipeline.datasets.npz_dataset import NPZDataset

# Column names used for formats that carry no column names of their own (NPZ, .ts).
CANONICAL_ID, CANONICAL_TIME, CANONICAL_LABEL, CANONICAL_SPLIT = (
    "sequence_id",
    "timestep",
    "label",
    "split",
)
TABLE_FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
ARRAY_FORMATS = {".npz": "npz"}


class RawSequenceDataset(AbstractDataset[None, pd.DataFrame]):
    """Loads raw sequences as a long-format ``DataFrame`` and refuses to save.

    ``df.attrs["source"]`` holds the path and ``df.attrs["format"]`` the format, so every
    later error message can name the file. Supported: ``.csv``, ``.parquet``/``.pq``,
    ``.npz`` (``X`` (N, T, F) and ``y`` (N,)).
    """

    def __init__(
        self,
        *,
        filepath: str,
        load_args: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self._filepath = str(filepath)
        self._load_args = dict(load_args or {})
        self.metadata = metadata

    @property
    def filepath(self) -> str:
        return self._filepath

    def _describe(self) -> dict[str, Any]:
        return {"filepath": self._filepath, "format": self.format}

    @property
    def format(self) -> str:
        suffix = Path(self._filepath).suffix.lower()
        fmt = TABLE_FORMATS.get(suffix) or ARRAY_FORMATS.get(suffix)
        if fmt is None:
            supported = ", ".join(sorted({**TABLE_FORMATS, **ARRAY_FORMATS}))
            raise DatasetError(
                f"Cannot tell the format of '{self._filepath}' from its extension "
                f"'{suffix or '(none)'}'; supported: {supported}."
            )
        return fmt

    def _exists(self) -> bool:
        return Path(self._filepath).exists()

    def load(self) -> pd.DataFrame:
        fmt = self.format
        if not Path(self._filepath).exists():
            raise DatasetError(f"Raw input '{self._filepath}' does not exist.")
        try:
            table = _READERS[fmt](self._filepath, self._load_args)
        except DatasetError:
            raise
        except Exception as exc:
            raise DatasetError(
                f"Could not read '{self._filepath}' as {fmt}: {type(exc).__name__}: {exc}"
            ) from exc
        table.attrs.update(source=self._filepath, format=fmt)
        return table

    def save(self, data: pd.DataFrame) -> None:
        raise DatasetError(f"'{self._filepath}' is raw input and is never written by the pipeline.")


def _read_csv(path: str, load_args: dict[str, Any]) -> pd.DataFrame:
    return CSVDataset(filepath=path, load_args=load_args).load()


def _read_parquet(path: str, load_args: dict[str, Any]) -> pd.DataFrame:
    return ParquetDataset(filepath=path, load_args=load_args).load()


def _read_npz(path: str, load_args: dict[str, Any]) -> pd.DataFrame:
    arrays = NPZDataset(filepath=path).load()
    missing = [key for key in ("X", "y") if key not in arrays]
    if missing:
        raise DatasetError(
            f"'{path}' lacks array(s) {missing}; an NPZ input needs 'X' (N, T, F) and 'y' (N,). "
            f"Found: {sorted(arrays)}."
        )
    return arrays_to_long_table(arrays["X"], arrays["y"], source=path)


def arrays_to_long_table(x: np.ndarray, y: np.ndarray, source: str) -> pd.DataFrame:
    """(N, T, F) features and (N,) labels → one row per sequence × step, canonical columns."""
    if x.ndim != 3:
        raise DatasetError(f"'{source}': X must have shape (N, T, F), got {x.shape}.")
    if y.shape != (x.shape[0],):
        raise DatasetError(
            f"'{source}': y must have shape ({x.shape[0]},) to match X {x.shape}, got {y.shape}."
        )
    n, t, f = x.shape
    table = pd.DataFrame(x.reshape(n * t, f), columns=[f"f{i}" for i in range(f)])
    table.insert(0, CANONICAL_TIME, np.tile(np.arange(t), n))
    table.insert(0, CANONICAL_ID, np.repeat(np.arange(n), t).astype(str))
    table[CANONICAL_LABEL] = np.repeat(y, t)
    return table


_READERS = {"csv": _read_csv, "parquet": _read_parquet, "npz": _read_npz}

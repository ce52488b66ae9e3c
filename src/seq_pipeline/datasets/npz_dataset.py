"""``NPZDataset``: a versioned dict of NumPy arrays stored as one `.npz` file.

kedro-datasets has no NumPy dataset. Arrays here are the canonical tensors (X, mask, y, ids)
and split indices, so this keeps them binary, typed and fast, without pickle.
"""

from __future__ import annotations

import io
from copy import deepcopy
from pathlib import PurePosixPath
from typing import Any, BinaryIO

import fsspec
import numpy as np
from kedro.io.core import (
    AbstractVersionedDataset,
    DatasetError,
    Version,
    get_filepath_str,
    get_protocol_and_path,
)


class NPZDataset(AbstractVersionedDataset[dict[str, np.ndarray], dict[str, np.ndarray]]):
    """Loads and saves a ``dict[str, np.ndarray]`` as a (compressed) `.npz` file.

    Loading never unpickles (``allow_pickle=False``): object arrays are refused at save time
    with a message naming the key, so a file written here can always be read back safely.

    Example catalog entry::

        primary_sequences:
          type: seq_pipeline.datasets.NPZDataset
          filepath: data/03_primary/sequences.npz
          versioned: true
    """

    def __init__(
        self,
        *,
        filepath: str,
        compress: bool = True,
        version: Version | None = None,
        credentials: dict[str, Any] | None = None,
        fs_args: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self._protocol, path, self._fs = filesystem(filepath, version, credentials, fs_args)
        self._compress = compress
        self.metadata = metadata
        super().__init__(
            filepath=PurePosixPath(path),
            version=version,
            exists_function=self._fs.exists,
            glob_function=self._fs.glob,
        )

    def _describe(self) -> dict[str, Any]:
        return {
            "filepath": self._filepath,
            "protocol": self._protocol,
            "compress": self._compress,
            "version": self._version,
        }

    def load(self) -> dict[str, np.ndarray]:
        load_path = get_filepath_str(self._get_load_path(), self._protocol)
        with self._fs.open(load_path, mode="rb") as f:
            buffer = f.read()
        return read_npz_bytes(buffer, load_path)

    def save(self, data: dict[str, np.ndarray]) -> None:
        if not isinstance(data, dict):
            raise DatasetError(f"NPZDataset saves a dict of arrays, got {type(data).__name__}")
        buffer = npz_bytes(data, self._compress)
        save_path = get_filepath_str(self._get_save_path(), self._protocol)
        with self._fs.open(save_path, mode="wb") as f:
            f.write(buffer)
        self._fs.invalidate_cache(get_filepath_str(self._filepath, self._protocol))

    def _exists(self) -> bool:
        try:
            load_path = get_filepath_str(self._get_load_path(), self._protocol)
        except DatasetError:
            return False
        return self._fs.exists(load_path)

    def _release(self) -> None:
        super()._release()
        self._fs.invalidate_cache(get_filepath_str(self._filepath, self._protocol))


def npz_bytes(data: dict[str, np.ndarray], compress: bool = True) -> bytes:
    """A dict of arrays as `.npz` bytes; object arrays are refused (they would need pickle)."""
    if not isinstance(data, dict):
        raise DatasetError(f"Expected a dict of arrays, got {type(data).__name__}")
    arrays = {key: np.asarray(value) for key, value in data.items()}
    for key, array in arrays.items():
        if array.dtype == object:
            raise DatasetError(
                f"Array '{key}' has dtype object, which cannot be stored without pickle; "
                "convert it to a numeric or fixed-width string dtype first."
            )
    buffer = io.BytesIO()
    (np.savez_compressed if compress else np.savez)(buffer, **arrays)
    return buffer.getvalue()


def read_npz_bytes(
    content: bytes, where: str, keys: tuple[str, ...] | None = None
) -> dict[str, np.ndarray]:
    """Arrays from `.npz` bytes (only `keys` if given), never unpickling."""
    return read_npz(io.BytesIO(content), where, keys)


def read_npz(
    file: BinaryIO, where: str, keys: tuple[str, ...] | None = None
) -> dict[str, np.ndarray]:
    """Arrays from an open, seekable `.npz` file (only `keys` if given), never unpickling.

    An `.npz` is a zip: NumPy reads its directory, then only the members asked for, so one
    small key of a large shard costs that key's bytes, not the file's.
    """
    try:
        with np.load(file, allow_pickle=False) as archive:
            return {key: archive[key] for key in (archive.files if keys is None else keys)}
    except (ValueError, OSError, KeyError) as exc:
        raise DatasetError(f"'{where}' is not a readable .npz file: {exc}") from exc


def filesystem(
    filepath: str, version: Version | None, credentials: dict | None, fs_args: dict | None
) -> tuple[str, str, fsspec.AbstractFileSystem]:
    """Protocol, path and fsspec filesystem of a dataset's `filepath` (folders made on write)."""
    protocol, path = get_protocol_and_path(filepath, version)
    fs_args = deepcopy(fs_args) or {}
    if protocol == "file":
        fs_args.setdefault("auto_mkdir", True)
    return protocol, path, fsspec.filesystem(protocol, **(deepcopy(credentials) or {}), **fs_args)

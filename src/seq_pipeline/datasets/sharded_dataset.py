"""``ShardedNPZDataset``: versioned sequence tensors as a folder of `.npz` shards.

For data larger than memory. kedro-datasets' `PartitionedDataset` writes parts lazily but is
not versioned, and a run's tensors must never be overwritten; this dataset is versioned like
`NPZDataset` and writes one shard at a time, so saving holds one shard in memory.

Layout of one version: ``<filepath>/<version>/<name>/shard-00000.npz … index.json``. The
index is written last: a version without it (a save that died half-way) is never loaded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

import numpy as np
from kedro.io.core import (
    AbstractVersionedDataset,
    DatasetError,
    Version,
    get_filepath_str,
)

from seq_pipeline.core.shards import Shards, ShardStream
from seq_pipeline.datasets.npz_dataset import filesystem, npz_bytes, read_npz

INDEX = "index.json"


class ShardedNPZDataset(AbstractVersionedDataset[Iterable[dict[str, np.ndarray]], Shards]):
    """Saves an iterable of shard dicts (e.g. a `ShardStream`); loads a lazy `Shards`.

    Example catalog entry::

        primary_shards:
          type: seq_pipeline.datasets.ShardedNPZDataset
          filepath: data/runs/<run_id>/03_primary/sequences
          versioned: true
    """

    def __init__(
        self,
        *,
        filepath: str,
        compress: bool = False,
        version: Version | None = None,
        credentials: dict[str, Any] | None = None,
        fs_args: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self._protocol, path, self._fs = filesystem(filepath, version, credentials, fs_args)
        # Uncompressed by default: shards are read every epoch, and float noise compresses
        # poorly, so compression would cost CPU on each read for little disk.
        self._compress = compress
        self.metadata = metadata
        super().__init__(
            filepath=PurePosixPath(path),
            version=version,
            exists_function=self._complete,
            glob_function=self._fs.glob,
        )

    def _describe(self) -> dict[str, Any]:
        return {"filepath": self._filepath, "protocol": self._protocol, "version": self._version}

    def _complete(self, path: str) -> bool:
        return self._fs.exists(f"{path}/{INDEX}")

    def _path(self, path: PurePosixPath) -> str:
        return get_filepath_str(path, self._protocol)

    def load(self) -> Shards:
        folder = self._path(self._get_load_path())
        try:
            with self._fs.open(f"{folder}/{INDEX}", "r") as f:
                index = json.load(f)
        except FileNotFoundError as exc:
            raise DatasetError(f"'{folder}' holds no complete shard set ({INDEX})") from exc
        fs = self._fs

        def read(name: str, keys: tuple[str, ...] | None) -> dict[str, np.ndarray]:
            # Read through the open file: only the members in `keys` leave storage.
            with fs.open(f"{folder}/{name}", "rb") as f:
                return read_npz(f, f"{folder}/{name}", keys)

        return Shards(
            names=tuple(s["name"] for s in index["shards"]),
            sizes=tuple(int(s["n"]) for s in index["shards"]),
            read=read,
            metadata=index.get("metadata", {}),
        )

    def save(self, data: Iterable[dict[str, np.ndarray]]) -> None:
        if isinstance(data, dict) or not isinstance(data, Iterable):
            raise DatasetError(
                f"ShardedNPZDataset saves an iterable of shard dicts, got {type(data).__name__}"
            )
        folder = self._path(self._get_save_path())
        shards = []
        for number, shard in enumerate(data):
            name = f"shard-{number:05d}.npz"
            content = npz_bytes(shard, self._compress)
            with self._fs.open(f"{folder}/{name}", "wb") as f:
                f.write(content)
            shards.append({"name": name, "n": len(np.asarray(shard["y"]))})
        metadata = data.metadata if isinstance(data, ShardStream) else {}
        with self._fs.open(f"{folder}/{INDEX}", "w") as f:
            json.dump({"shards": shards, "metadata": metadata}, f, indent=1)
        self._fs.invalidate_cache(self._path(self._filepath))

    def _exists(self) -> bool:
        try:
            return self._complete(self._path(self._get_load_path()))
        except DatasetError:
            return False

    def _release(self) -> None:
        super()._release()
        self._fs.invalidate_cache(self._path(self._filepath))

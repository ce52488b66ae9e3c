"""The champion: which run's model production uses, as one small pointer file.

    <data_root>/runs/champion.json    {"run_id": …, "promoted": …, "evidence": …, "updated": …}

Only `promote` moves it; `inference` without a run id scores with it (cli.py). It is written
atomically (a temporary file, then a rename) so a reader never sees half a pointer. Its own
file, beside the runs rather than in one: the run store never has to know about it.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timezone
from typing import Any

import fsspec
from kedro.io import AbstractDataset
from kedro.io.core import Version

POINTER = "champion.json"


def pointer_path(runs_dir: str) -> str:
    return f"{str(runs_dir).rstrip('/')}/{POINTER}"


def read_champion(runs_dir: str) -> dict[str, Any] | None:
    """The champion pointer, or None when no model has been promoted yet."""
    fs, path = fsspec.core.url_to_fs(pointer_path(runs_dir))
    if not fs.exists(path):
        return None
    with fs.open(path, "r") as f:
        return json.load(f)


def write_champion(runs_dir: str, record: dict[str, Any]) -> None:
    """Replace the pointer in one step: readers see the old one or the new one, never half."""
    fs, path = fsspec.core.url_to_fs(pointer_path(runs_dir))
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    partial = f"{path}.{secrets.token_hex(4)}.partial"
    with fs.open(partial, "w") as f:
        json.dump(record, f, indent=2, default=str)
    fs.mv(partial, path)  # a rename on local disks (atomic); a copy-then-delete on object stores


class ChampionDataset(AbstractDataset[dict[str, Any] | None, dict[str, Any]]):
    """Loads the champion (pointer, Keras model and contract, or None); saves a promotion.

    Saving a record whose `promoted` is false leaves the pointer as it is, so a challenger
    that lost never rewrites the champion another run may have just set.
    """

    def __init__(
        self, runs_dir: str, with_model: bool = True, metadata: dict[str, Any] | None = None
    ) -> None:
        self._runs_dir = str(runs_dir).rstrip("/")
        self._with_model = with_model
        self.metadata = metadata

    def _describe(self) -> dict[str, Any]:
        return {"runs_dir": self._runs_dir, "with_model": self._with_model}

    def load(self) -> dict[str, Any] | None:
        pointer = read_champion(self._runs_dir)
        if pointer is None or not self._with_model:
            return pointer
        from kedro_datasets.json import JSONDataset  # noqa: PLC0415

        from seq_pipeline.datasets.keras_model import KerasModelDataset  # noqa: PLC0415

        models = f"{self._runs_dir}/{pointer['run_id']}/06_models"
        latest = Version(None, None)
        model = KerasModelDataset(filepath=f"{models}/model.keras", version=latest).load()
        contract = JSONDataset(filepath=f"{models}/model_contract.json", version=latest).load()
        return {**pointer, "model": model, "contract": contract}

    def save(self, data: dict[str, Any]) -> None:
        if data.get("promoted"):
            updated = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
            write_champion(self._runs_dir, {**data, "updated": updated})

    def _exists(self) -> bool:
        return read_champion(self._runs_dir) is not None

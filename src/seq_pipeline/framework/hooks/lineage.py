"""Lineage: record what every saved artifact was computed from, and refuse to read a bad one.

Kedro's versioned datasets stay the mechanism: after each save the version Kedro gave the
artifact, its content hash and the versions of its node's inputs go into the part's lineage
record (framework/lineage.py); before each load the version Kedro is about to read must be the
run's current, recorded, unchanged version from a part that finished.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import fsspec
from kedro.framework.hooks import hook_impl
from kedro.io import CatalogProtocol
from kedro.io.core import AbstractVersionedDataset
from kedro.pipeline import Node, Pipeline

from seq_pipeline.framework.lineage import READABLE, Lineage, write_part_lineage
from seq_pipeline.framework.provenance import content_sha256
from seq_pipeline.framework.run_context import part_of, store_for
from seq_pipeline.framework.runs import EXTERNAL_INPUTS, RunError, RunStore

logger = logging.getLogger(__name__)


def _fs(dataset: AbstractVersionedDataset) -> Any:
    """The dataset's own filesystem (with its credentials), local files otherwise."""
    return getattr(dataset, "_fs", None) or fsspec.filesystem("file")


def _rerun(part: str, run_id: str) -> str:
    pipelines = part.split(":", 1)[0].replace("+", ",")
    nodes = f" --nodes {part.split(':', 1)[1]}" if ":" in part else ""
    return f"re-run `kedro run --pipelines {pipelines}{nodes} --params run_id={run_id}`"


class LineageHook:
    """Keeps each part's lineage record and checks every artifact a node is about to read."""

    def __init__(self) -> None:
        self._context: Any = None
        self._catalog: CatalogProtocol | None = None
        self._store: RunStore | None = None
        self._run_id = self._part = ""
        self._artifacts: dict[str, dict[str, Any]] = {}
        self._loaded: dict[str, dict[str, Any]] = {}
        # ThreadRunner saves from several threads: one record write at a time.
        self._lock = threading.Lock()

    @hook_impl
    def after_context_created(self, context: Any) -> None:
        self._context = context

    @hook_impl
    def before_pipeline_run(
        self, run_params: dict[str, Any], pipeline: Pipeline, catalog: CatalogProtocol
    ) -> None:
        self._catalog, self._store = catalog, store_for(self._context)
        self._run_id = self._context.config_loader.runtime_params["run_id"]
        self._part = part_of(run_params, pipeline)
        earlier = Lineage(self._store, self._run_id).parts.get(self._part, {})
        self._artifacts = dict(earlier.get("artifacts", {}))
        self._loaded = {}

    def _versioned(self, name: str) -> AbstractVersionedDataset | None:
        if self._catalog is None or self._store is None or name not in self._catalog:
            return None
        dataset = self._catalog.get(name)
        if not isinstance(dataset, AbstractVersionedDataset) or not dataset._version:
            return None
        return dataset

    @hook_impl
    def before_dataset_loaded(self, dataset_name: str, node: Node) -> None:
        dataset = self._versioned(dataset_name)
        if dataset is None or dataset._version.load or self._store is None:
            return  # not an artifact of the run, or a version pinned with --load-versions
        lineage = Lineage(self._store, self._run_id)
        version, record = dataset.resolve_load_version(), lineage.current(dataset_name)
        where = f"{dataset_name} in run {self._run_id}"
        states = self._store.part_states(self._run_id)
        if record is None or str(record["version"]) != version:
            # Not the recorded version: a part that did not finish may be writing it.
            self._refuse_unfinished_writer(dataset_name, where, states)
        if record is None:
            return  # saved outside any recorded part (code, a run older than lineage)
        if str(record["version"]) != version:
            raise RunError(
                f"{where}: version {version} has no lineage record (its save never finished, "
                f"or it was copied in by hand); {_rerun(record['part'], self._run_id)}"
            )
        state = states.get(record["part"], "succeeded")
        if record["part"] != self._part and state not in READABLE:
            raise RunError(
                f"{where} was written by part {record['part']}, which is {state}; "
                f"{_rerun(record['part'], self._run_id)}"
            )
        stale = lineage.stale_because(dataset_name)
        if stale:
            raise RunError(f"{where} is stale: {stale}; {_rerun(record['part'], self._run_id)}")
        digest = content_sha256(_fs(dataset), lineage.path(record))
        if digest != record.get("sha256"):
            raise RunError(
                f"{where} (version {version}) changed after it was saved: its sha256 is "
                f"{digest}, the lineage records {record.get('sha256')}; "
                f"{_rerun(record['part'], self._run_id)}"
            )
        self._loaded[dataset_name] = {"version": version, "sha256": digest}

    def _refuse_unfinished_writer(self, name: str, where: str, states: dict[str, str]) -> None:
        records = self._store.statuses(self._run_id) if self._store else {}
        for part, record in records.items():
            unfinished = states.get(part) in ("running", "failed", "abandoned")
            if part != self._part and unfinished and name in record.get("declared_outputs", []):
                raise RunError(
                    f"{where} is written by part {part}, which is {states[part]}; "
                    f"{_rerun(part, self._run_id)}"
                )

    @hook_impl
    def after_dataset_saved(self, dataset_name: str, data: Any, node: Node) -> None:
        dataset = self._versioned(dataset_name)
        if dataset is None or self._store is None:
            return
        version = str(dataset.resolve_save_version())
        path = str(dataset._get_versioned_path(version))
        folder = str(dataset._filepath)
        run_folder = self._store.path(self._run_id) + "/"
        raw = (self._store.manifest(self._run_id, strict=False) or {}).get("raw_input") or {}
        inputs = {name: self._loaded[name] for name in node.inputs if name in self._loaded}
        for name in set(node.inputs) & EXTERNAL_INPUTS:
            inputs[name] = {"sha256": raw.get("sha256")}
        digest = content_sha256(_fs(dataset), path)
        record = {
            "version": version,
            "folder": folder[len(run_folder) :] if folder.startswith(run_folder) else folder,
            "file": dataset._filepath.name,
            "sha256": digest,
            "node": node.name,
            "inputs": inputs,
        }
        with self._lock:
            self._artifacts[dataset_name] = record
            self._loaded[dataset_name] = {"version": version, "sha256": digest}
            write_part_lineage(self._store, self._run_id, self._part, dict(self._artifacts))

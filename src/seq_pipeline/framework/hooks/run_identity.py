"""Run identity: every session reads and writes one run, recorded in the run store."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kedro.framework.hooks import hook_impl
from kedro.io import CatalogProtocol, MemoryDataset
from kedro.pipeline import Pipeline

from seq_pipeline.framework.runs import (
    RAW_DATASET,
    RAW_PARTS_DATASET,
    RunError,
    RunStore,
    check_run_id,
    code_version,
    file_sha256,
    new_run_id,
    package_versions,
    runs_dir,
    upstream_inputs,
)
from seq_pipeline.training.cluster import WorkerRole, non_chief_worker

if TYPE_CHECKING:
    # Imported for the annotation only: importing kedro.framework.context at settings time
    # configures Kedro's logging before the session does, which hides Python warnings.
    from kedro.framework.context import KedroContext

logger = logging.getLogger(__name__)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class RunIdentityHook:
    """Gives every session a `run_id`, and keeps each run's manifest and part statuses.

    The project's `kedro run` (cli.py) picks the id before the session starts. A session
    created without one (notebooks, `kedro viz --include-hooks`, code) reads the latest
    complete run, or a fresh one when there is none yet; such a session may not start a run
    from raw data, which would write into that earlier run.

    A non-chief worker of multi-worker training (training/cluster.py) reads the run like
    every worker but writes nothing into it: no manifest, no status, and every output of its
    pipeline is kept in memory instead of the catalog's file (Kedro hooks cannot cancel a
    save, but they may replace a dataset before the runner uses the catalog).
    """

    def __init__(self) -> None:
        self._context: Any = None
        self._picked = False
        self._non_chief: WorkerRole | None = None

    @hook_impl
    def after_context_created(self, context: KedroContext) -> None:
        runtime = context.config_loader.runtime_params
        self._context = context
        self._picked = runtime.get("run_id") is None
        if self._picked:
            latest = RunStore(runs_dir(context.config_loader["globals"]["data_root"]))
            runtime["run_id"] = latest.latest_complete(set()) or new_run_id()
        runtime["run_id"] = check_run_id(runtime["run_id"])

    def _store(self) -> tuple[str, RunStore]:
        loader = self._context.config_loader
        return loader.runtime_params["run_id"], RunStore(runs_dir(loader["globals"]["data_root"]))

    @staticmethod
    def _part(run_params: dict[str, Any]) -> str:
        part = "+".join(run_params.get("pipeline_names") or ["__default__"])
        nodes = run_params.get("node_names") or ()
        return f"{part}:{','.join(sorted(nodes))}" if nodes else part

    @hook_impl
    def before_pipeline_run(
        self, run_params: dict[str, Any], pipeline: Pipeline, catalog: CatalogProtocol
    ) -> None:
        run_id, store = self._store()
        self._non_chief = non_chief_worker(self._context.params)
        if self._non_chief is not None:
            self._keep_outputs_in_memory(pipeline, catalog, run_id)
            return
        if self._picked and not upstream_inputs(pipeline.inputs()) and store.manifest(run_id):
            raise RunError(
                f"no run_id was given, so this session reads run {run_id}; a pipeline that "
                "starts from raw data needs a new run: pass runtime parameter run_id=<new id> "
                "(`kedro run` picks one for you)"
            )
        manifest = store.manifest(run_id) or {"run_id": run_id, "created": _now()}
        for name in (RAW_DATASET, RAW_PARTS_DATASET):
            if name in pipeline.inputs():
                self._record_raw_input(manifest, catalog.get(name), run_id)
        # The manifest keeps what the run was created with; each part records its own.
        provenance = {
            "env": self._context.env or "local",
            "parameters": self._context.params,
            "packages": package_versions(),
            "code_version": code_version(Path(self._context.project_path)),
        }
        for key, value in provenance.items():
            manifest.setdefault(key, value)
        store.write_manifest(run_id, manifest)
        part = self._part(run_params)
        store.write_status(run_id, part, {"status": "running", "started": _now(), **provenance})
        logger.info(
            "Run %s: %s started (artifacts under %s/%s)", run_id, part, store.runs_dir, run_id
        )

    def _keep_outputs_in_memory(
        self, pipeline: Pipeline, catalog: CatalogProtocol, run_id: str
    ) -> None:
        for name in pipeline.all_outputs():
            # `assign`: a trained model is handed on as is, never deep-copied.
            catalog[name] = MemoryDataset(copy_mode="assign")
        logger.info(
            "Run %s: this process is %s; it trains with the others but writes nothing into "
            "the run (the chief writes the outputs)",
            run_id,
            self._non_chief,
        )

    @staticmethod
    def _record_raw_input(manifest: dict[str, Any], dataset: Any, run_id: str) -> None:
        """The raw file and its digest; one run id never mixes two different inputs."""
        # A PartitionedDataset keeps its folder in `_path` (it has no public accessor).
        path = getattr(dataset, "filepath", None) or getattr(dataset, "_path", None)
        paths = [path, getattr(dataset, "test_filepath", None)]
        raw = {"path": paths[0], "sha256": file_sha256(paths[0]) if paths[0] else None}
        if paths[1]:
            raw.update(test_path=paths[1], test_sha256=file_sha256(paths[1]))
        old = manifest.get("raw_input")
        if old and old != raw:
            raise RunError(
                f"run {run_id} was made from {old['path']} (sha256 {old['sha256']}); this run "
                f"reads {raw['path']} (sha256 {raw['sha256']}). Start a new run for new data."
            )
        manifest["raw_input"] = raw

    def _finish(self, run_params: dict[str, Any], record: dict[str, Any]) -> None:
        if self._non_chief is not None:
            return
        run_id, store = self._store()
        part = self._part(run_params)
        started = store.statuses(run_id).get(part, {})
        store.write_status(run_id, part, {**started, **record, "finished": _now()})
        logger.info("Run %s: %s %s", run_id, self._part(run_params), record["status"])

    @hook_impl
    def after_pipeline_run(self, run_params: dict[str, Any], pipeline: Pipeline) -> None:
        self._finish(run_params, {"status": "succeeded", "outputs": sorted(pipeline.all_outputs())})

    @hook_impl
    def on_pipeline_error(self, error: Exception, run_params: dict[str, Any]) -> None:
        self._finish(run_params, {"status": "failed", "error": f"{type(error).__name__}: {error}"})

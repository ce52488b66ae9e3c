"""Run identity: every session reads and writes one run, recorded in the run store."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kedro.framework.hooks import hook_impl
from kedro.io import CatalogProtocol, MemoryDataset
from kedro.pipeline import Pipeline

from seq_pipeline.core.redact import redact
from seq_pipeline.framework.provenance import code_version, file_sha256, jsonable, package_versions
from seq_pipeline.framework.run_choice import latest_complete
from seq_pipeline.framework.run_context import part_of, store_for
from seq_pipeline.framework.run_index import update_latest, write_index
from seq_pipeline.framework.runs import (
    HEARTBEAT,
    RAW_DATASET,
    RAW_PARTS_DATASET,
    RunError,
    RunStore,
    check_run_id,
    new_run_id,
    now,
    owner,
    upstream_inputs,
)
from seq_pipeline.training.cluster import WorkerRole, non_chief_worker

if TYPE_CHECKING:
    # Imported for the annotation only: importing kedro.framework.context at settings time
    # configures Kedro's logging before the session does, which hides Python warnings.
    from kedro.framework.context import KedroContext

logger = logging.getLogger(__name__)


class RunIdentityHook:
    """Gives every session a `run_id`, and keeps each run's manifest and part statuses.

    The project's `kedro run` (cli.py) picks the id before the session starts. A session
    created without one (notebooks, `kedro viz --include-hooks`, code) reads the latest
    complete run, or a fresh one when there is none yet; such a session may not start a run
    from raw data, which would write into that earlier run.

    A running part's status carries its host, process id and a heartbeat refreshed every
    `HEARTBEAT`, so a part whose process died reads `abandoned` (runs.effective_status).
    When a part ends, the run's index.html is regenerated and `<runs>/latest` moves to the
    newest complete run.

    A non-chief worker of multi-worker training (training/cluster.py) reads the run like
    every worker but writes nothing into it: no manifest, no status, and every output of its
    pipeline is kept in memory instead of the catalog's file (Kedro hooks cannot cancel a
    save, but they may replace a dataset before the runner uses the catalog).
    """

    def __init__(self) -> None:
        self._context: Any = None
        self._picked = False
        self._non_chief: WorkerRole | None = None
        self._part = ""
        self._status: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    @hook_impl
    def after_context_created(self, context: KedroContext) -> None:
        runtime = context.config_loader.runtime_params
        self._context = context
        store = store_for(context)  # checks the data root before anything is read or written
        self._picked = runtime.get("run_id") is None
        if self._picked:
            runtime["run_id"] = latest_complete(store, set()) or new_run_id()
        runtime["run_id"] = check_run_id(runtime["run_id"])

    def _store(self) -> tuple[str, RunStore]:
        return self._context.config_loader.runtime_params["run_id"], store_for(self._context)

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
        manifest = store.manifest(run_id) or {"run_id": run_id, "created": now()}
        for name in (RAW_DATASET, RAW_PARTS_DATASET):
            if name in pipeline.inputs():
                self._record_raw_input(manifest, catalog.get(name), run_id)
        # The manifest keeps what the run was created with; each part records its own.
        provenance = {
            "env": self._context.env or "local",
            "parameters": jsonable(self._context.params),
            "packages": package_versions(),
            "code_version": code_version(Path(self._context.project_path)),
        }
        for key, value in provenance.items():
            manifest.setdefault(key, value)
        store.write_manifest(run_id, manifest)
        self._part = part_of(run_params, pipeline)
        self._status = {
            "status": "running",
            "started": now(),
            **owner(),
            "declared_outputs": sorted(pipeline.all_outputs()),
            **provenance,
        }
        store.write_status(run_id, self._part, self._status)
        self._start_heartbeat(store, run_id)
        logger.info(
            "Run %s: %s started (artifacts under %s/%s)",
            run_id,
            self._part,
            redact(store.runs_dir),
            run_id,
        )

    def _start_heartbeat(self, store: RunStore, run_id: str) -> None:
        self._stop.clear()

        def beat() -> None:
            while not self._stop.wait(HEARTBEAT.total_seconds()):
                with self._lock:
                    if self._stop.is_set():
                        return
                    self._status["heartbeat"] = now()
                    try:
                        store.write_status(run_id, self._part, self._status)
                    except OSError as error:  # a full disk: the next beat tries again
                        logger.warning("Run %s: heartbeat not written: %s", run_id, error)

        self._beat = threading.Thread(target=beat, name="run-heartbeat", daemon=True)
        self._beat.start()

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
        raw = {"path": redact(paths[0]), "sha256": file_sha256(paths[0]) if paths[0] else None}
        if paths[1]:
            raw.update(test_path=redact(paths[1]), test_sha256=file_sha256(paths[1]))
        old = manifest.get("raw_input")
        if old and old != raw:
            raise RunError(
                f"run {run_id} was made from {old['path']} (sha256 {old['sha256']}); this run "
                f"reads {raw['path']} (sha256 {raw['sha256']}). Start a new run for new data."
            )
        manifest["raw_input"] = raw

    def _finish(self, record: dict[str, Any]) -> None:
        if self._non_chief is not None or not self._part:
            return
        run_id, store = self._store()
        self._stop.set()
        with self._lock:
            store.write_status(run_id, self._part, {**self._status, **record, "finished": now()})
        if self._beat is not None:
            self._beat.join(timeout=5)
        logger.info("Run %s: %s %s", run_id, self._part, record["status"])
        try:
            write_index(store, run_id)
            update_latest(store)
        except OSError as error:  # the run's own records are written; the page can wait
            logger.warning(
                "Run %s: index.html or the latest pointer not updated: %s", run_id, error
            )

    @hook_impl
    def after_pipeline_run(self, run_params: dict[str, Any], pipeline: Pipeline) -> None:
        self._finish({"status": "succeeded", "outputs": sorted(pipeline.all_outputs())})

    @hook_impl
    def on_pipeline_error(self, error: Exception, run_params: dict[str, Any]) -> None:
        message = redact(f"{type(error).__name__}: {error}")
        self._finish({"status": "failed", "error": message})

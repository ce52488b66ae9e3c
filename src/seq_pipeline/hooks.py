"""Project hooks."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kedro.framework.hooks import hook_impl

from seq_pipeline.demo import write_demo_file

logger = logging.getLogger(__name__)

RAW_DATASET = "raw_sequences"


class DemoDataHook:
    """Writes the demo data before a run that reads the (absent) default raw file.

    With no user data, `kedro run` must still do real work; the demo file is written only
    when the run's raw input is the demo path and nothing exists there yet.
    """

    @hook_impl
    def before_pipeline_run(self, run_params: dict[str, Any], pipeline: Any, catalog: Any) -> None:
        if RAW_DATASET not in pipeline.inputs() or "params:demo" not in catalog:
            return
        demo = catalog.load("params:demo")
        raw_path = getattr(catalog.get(RAW_DATASET), "filepath", None)
        if raw_path is None or Path(raw_path).resolve() != Path(demo["path"]).resolve():
            return
        if write_demo_file(demo["path"], demo["n_sequences"], demo["n_steps"], demo["seed"]):
            logger.info(
                "No raw data at '%s': wrote the demo dataset (%d sequences × %d steps).",
                demo["path"], demo["n_sequences"], demo["n_steps"],
            )


DIAGNOSIS_DATASET = "diagnosis"


class DiagnosisSummaryHook:
    """Ends a run that diagnosed the model with a short summary of the verdict in the log."""

    @hook_impl
    def after_pipeline_run(self, run_params: dict[str, Any], pipeline: Any, catalog: Any) -> None:
        if DIAGNOSIS_DATASET not in pipeline.all_outputs():
            return
        from seq_pipeline.pipelines.diagnose.report import summary_lines  # noqa: PLC0415

        diagnosis = catalog.load(DIAGNOSIS_DATASET)
        logger.info("\n".join(summary_lines(diagnosis)))

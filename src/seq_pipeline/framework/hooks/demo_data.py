"""Writes the bundled demo data when a run reads the default raw file and it is absent."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kedro.framework.hooks import hook_impl
from kedro.io import CatalogProtocol
from kedro.pipeline import Pipeline

from seq_pipeline.core.demo import DemoOptions, write_demo_file
from seq_pipeline.framework.runs import RAW_DATASET

logger = logging.getLogger(__name__)


class DemoDataHook:
    """Writes the demo data before a run that reads the (absent) default raw file.

    With no user data, `kedro run` must still do real work; the demo file is written only
    when the run's raw input is the demo path and nothing exists there yet.
    """

    @hook_impl
    def before_pipeline_run(
        self, run_params: dict[str, Any], pipeline: Pipeline, catalog: CatalogProtocol
    ) -> None:
        if RAW_DATASET not in pipeline.inputs() or "params:demo" not in catalog:
            return
        if not catalog.load("params:demo"):  # production: no demo fallback
            return
        demo = DemoOptions.model_validate(catalog.load("params:demo"))
        raw_path = getattr(catalog.get(RAW_DATASET), "filepath", None)
        if raw_path is None or Path(raw_path).resolve() != Path(demo.path).resolve():
            return
        if write_demo_file(demo.path, demo.n_sequences, demo.n_steps, demo.seed):
            logger.info(
                "No raw data at '%s': wrote the demo dataset (%d sequences × %d steps).",
                demo.path,
                demo.n_sequences,
                demo.n_steps,
            )

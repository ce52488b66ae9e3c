"""Ends a run that diagnosed its model with the verdict in the log."""

from __future__ import annotations

import logging
from typing import Any

from kedro.framework.hooks import hook_impl
from kedro.io import CatalogProtocol
from kedro.pipeline import Pipeline

logger = logging.getLogger(__name__)

DIAGNOSIS_DATASET = "diagnosis"


class DiagnosisSummaryHook:
    """Ends a run that diagnosed the model with a short summary of the verdict in the log."""

    @hook_impl
    def after_pipeline_run(
        self, run_params: dict[str, Any], pipeline: Pipeline, catalog: CatalogProtocol
    ) -> None:
        if DIAGNOSIS_DATASET not in pipeline.all_outputs():
            return
        from seq_pipeline.pipelines.diagnose.report import summary_lines  # noqa: PLC0415

        diagnosis = catalog.load(DIAGNOSIS_DATASET)
        logger.info("\n".join(summary_lines(diagnosis)))

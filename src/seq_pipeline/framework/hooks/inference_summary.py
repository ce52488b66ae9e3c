"""Ends an inference run with the file its predictions were written to."""

from __future__ import annotations

import logging
from pathlib import PurePosixPath
from typing import Any

from kedro.framework.hooks import hook_impl
from kedro.io import CatalogProtocol
from kedro.pipeline import Pipeline

logger = logging.getLogger(__name__)

PREDICTIONS_DATASET = "inference_predictions"


def saved_path(dataset: Any) -> str:
    """Where a (versioned) file dataset wrote this session's data."""
    # kedro-datasets expose the path and protocol only through `_describe`.
    described = dataset._describe()
    path = PurePosixPath(described["filepath"])
    version = dataset.resolve_save_version() if described.get("version") else None
    if version is not None:
        path = path / version / path.name
    protocol = described.get("protocol")
    return str(path) if protocol in (None, "file") else f"{protocol}://{path}"


class InferenceSummaryHook:
    """Logs the predictions' file at the end of a run that scored new data."""

    @hook_impl
    def after_pipeline_run(
        self, run_params: dict[str, Any], pipeline: Pipeline, catalog: CatalogProtocol
    ) -> None:
        if PREDICTIONS_DATASET not in pipeline.all_outputs():
            return
        logger.info("Predictions written to %s", saved_path(catalog.get(PREDICTIONS_DATASET)))

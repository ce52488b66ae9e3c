"""The `promote` pipeline (run only when named: `kedro run --pipelines promote`)."""

from seq_pipeline.pipelines.promote.pipeline import create_pipeline

__all__ = ["create_pipeline"]

"""The `diagnose` pipeline."""

from seq_pipeline.pipelines.diagnose.pipeline import create_pipeline

__all__ = ["create_pipeline"]

"""The `audit` pipeline."""

from seq_pipeline.pipelines.audit.pipeline import create_pipeline

__all__ = ["create_pipeline"]

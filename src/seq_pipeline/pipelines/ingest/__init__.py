"""The `ingest` pipeline."""

from seq_pipeline.pipelines.ingest.pipeline import create_pipeline

__all__ = ["create_pipeline"]

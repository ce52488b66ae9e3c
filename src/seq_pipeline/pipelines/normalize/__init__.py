"""The `normalize` pipeline."""

from seq_pipeline.pipelines.normalize.pipeline import create_pipeline

__all__ = ["create_pipeline"]

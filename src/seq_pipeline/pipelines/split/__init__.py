"""The `split` pipeline."""

from seq_pipeline.pipelines.split.pipeline import create_pipeline

__all__ = ["create_pipeline"]

"""The `evaluate` pipeline."""

from seq_pipeline.pipelines.evaluate.pipeline import create_pipeline

__all__ = ["create_pipeline"]

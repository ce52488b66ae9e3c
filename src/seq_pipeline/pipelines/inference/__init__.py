"""The `inference` pipeline (run only when named: `kedro run --pipelines inference`)."""

from seq_pipeline.pipelines.inference.pipeline import create_pipeline

__all__ = ["create_pipeline"]

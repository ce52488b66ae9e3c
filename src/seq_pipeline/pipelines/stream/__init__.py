"""The `stream` pipeline: train, evaluate, audit and diagnose on sharded tensors."""

from seq_pipeline.pipelines.stream.pipeline import create_pipeline

__all__ = ["create_pipeline"]

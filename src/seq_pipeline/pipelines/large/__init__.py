"""The `large` pipeline: the whole run for data larger than memory (shard, then stream)."""

from seq_pipeline.pipelines.large.pipeline import create_pipeline

__all__ = ["create_pipeline"]

"""The `shard` pipeline: ingest → normalize → split for data larger than memory."""

from seq_pipeline.pipelines.shard.pipeline import create_pipeline

__all__ = ["create_pipeline"]

"""Large: raw Parquet parts → shards → streamed training → evaluation → sampled diagnosis.

The same artifacts as the default run, with `primary_shards` in place of `primary_sequences`.
Its own folder (not a union built in the registry) because Kedro loads only the pipelines a
run names: `kedro run --pipelines large` must find both halves from here.
"""

from kedro.pipeline import Pipeline

from seq_pipeline.pipelines.shard import pipeline as shard
from seq_pipeline.pipelines.stream import pipeline as stream


def create_pipeline(**kwargs) -> Pipeline:
    return shard.create_pipeline() + stream.create_pipeline()

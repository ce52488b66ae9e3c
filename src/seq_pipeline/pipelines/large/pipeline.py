"""Large: raw Parquet parts → shards → streamed training → evaluation → sampled diagnosis.

The same artifacts as the default run, with `primary_shards` in place of `primary_sequences`.
Its own folder (not a union built in the registry) because Kedro loads only the pipelines a
run names: `kedro run --pipelines large` must find both halves from here.
"""

from kedro.pipeline import Pipeline

from seq_pipeline.pipelines.shard import pipeline as shard
from seq_pipeline.pipelines.stream import pipeline as stream


def create_pipeline(**kwargs) -> Pipeline:
    # The model contract reads the source and column names from the ingest report; in a
    # large run the shard report carries them.
    streamed = Pipeline(stream.create_pipeline(), inputs={"ingest_report": "shard_report"})
    return shard.create_pipeline() + streamed

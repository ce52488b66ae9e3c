"""Stream: the train → evaluate → audit → diagnose stages for tensors stored as shards.

`primary_shards` replaces `primary_sequences`; everything else keeps its catalog name, so the
artifacts of a streamed run read like those of an in-memory one. What is exact and what is
sampled:
- exact, streamed shard by shard: the scaler, the training (every training row once per
  epoch), the validation score, `predictions` for every sequence and `metrics`;
- on `sampled_sequences` (a seeded sample stratified by split and class, `stream_options`):
  the data audit and the whole diagnosis, including the model's own test scores it compares
  with the baselines (`sampled_predictions`, `sampled_metrics`), so both sides see the
  same rows. The stages themselves are reused unchanged, their inputs renamed.
Run it after ingest/normalize/split have written `primary_shards`: `kedro run --pipelines
stream`. It is not part of `__default__`, which keeps the simple in-memory path.
"""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.pipelines.audit import pipeline as audit
from seq_pipeline.pipelines.diagnose import pipeline as diagnose
from seq_pipeline.pipelines.evaluate import pipeline as evaluate
from seq_pipeline.pipelines.stream.nodes import sample_predictions, sample_sequences
from seq_pipeline.pipelines.train import pipeline as train

SHARDS, SPLIT, SEED = "primary_shards", "split_indices", "params:seed"
ON_SAMPLE = {"primary_sequences": "sampled_sequences", "split_indices": "sampled_split"}


def sample_for_diagnosis() -> Pipeline:
    """The in-memory sample, its predictions and the model's metrics on it."""
    return Pipeline(
        [
            Node(
                sample_sequences,
                [SHARDS, SPLIT, "params:stream_options", SEED],
                ["sampled_sequences", "sampled_split"],
                name="sample_sequences",
            ),
            Node(
                sample_predictions,
                ["predictions", "sampled_sequences"],
                "sampled_predictions",
                name="sample_predictions",
            ),
            evaluate.metrics_pipeline(
                "sampled_predictions", "sampled_metrics", name="compute_sampled_metrics"
            ),
        ],
        namespace="stream",
        prefix_datasets_with_namespace=False,
    )


def create_pipeline(**kwargs) -> Pipeline:
    """Train and evaluate on every sequence; audit and diagnose on the sample."""
    audit_on_sample = Pipeline(audit.create_pipeline(), inputs=ON_SAMPLE)
    diagnose_on_sample = Pipeline(
        diagnose.create_pipeline(),
        inputs={**ON_SAMPLE, "predictions": "sampled_predictions", "metrics": "sampled_metrics"},
    )
    stages = (
        train.streamed_pipeline()
        + evaluate.streamed_pipeline()
        + sample_for_diagnosis()
        + audit_on_sample
        + diagnose_on_sample
    )
    # The model contract reads the source and column names from the ingest report; sharded
    # data has a shard report instead (`shard` writes it), so `stream` runs after `shard`.
    return Pipeline(stages, inputs={"ingest_report": "shard_report"})

"""Shard: raw Parquet parts → the build artifacts, with tensors as shards (larger than memory)."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.core.columns import resolve_columns
from seq_pipeline.pipelines.shard.nodes import (
    describe_part_preprocessing,
    encode_part_labels,
    report_shards,
    scan_parts,
    split_shards,
    write_shards,
)


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(resolve_columns, "params:columns", "column_spec", name="resolve_columns"),
            Node(
                scan_parts,
                inputs=["raw_sequence_parts", "column_spec", "params:shard_options"],
                outputs="shard_scan",
                name="scan_parts",
            ),
            Node(
                encode_part_labels,
                inputs=["shard_scan", "params:normalize_options"],
                outputs="label_mapping",
                name="encode_labels",
            ),
            Node(
                describe_part_preprocessing,
                inputs=["shard_scan", "label_mapping", "params:normalize_options"],
                outputs="preprocessing_spec",
                name="describe_preprocessing",
            ),
            Node(
                write_shards,
                inputs=[
                    "raw_sequence_parts",
                    "column_spec",
                    "preprocessing_spec",
                    "params:shard_options",
                ],
                outputs="primary_shards",
                name="write_shards",
            ),
            Node(
                split_shards,
                inputs=[
                    "primary_shards",
                    "params:split_options",
                    "params:seed",
                    "label_mapping",
                    "shard_scan",
                ],
                outputs="split_indices",
                name="split_sequences",
            ),
            Node(
                report_shards,
                inputs=["primary_shards", "shard_scan"],
                outputs="shard_report",
                name="report_shards",
            ),
        ],
        namespace="shard",
        prefix_datasets_with_namespace=False,
    )

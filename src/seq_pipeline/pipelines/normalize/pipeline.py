"""Normalize: validated long table → canonical tensors and the label mapping."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.pipelines.normalize.nodes import build_sequence_tensors, encode_labels


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                encode_labels,
                inputs=["validated_sequences", "params:normalize_options", "ingest_report"],
                outputs="label_mapping",
                name="encode_labels",
            ),
            Node(
                build_sequence_tensors,
                inputs=[
                    "validated_sequences",
                    "label_mapping",
                    "params:normalize_options",
                    "ingest_report",
                ],
                outputs=["primary_sequences", "normalize_report"],
                name="build_sequence_tensors",
            ),
        ]
    )

"""Normalize: validated long table → label mapping, preprocessing spec and canonical tensors."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.core.tensors import build_sequence_tensors
from seq_pipeline.pipelines.normalize.nodes import describe_preprocessing, encode_labels


def tensor_pipeline() -> Pipeline:
    """Validated table + preprocessing spec → tensors (inference reuses it with the contract)."""
    return Pipeline(
        [
            Node(
                build_sequence_tensors,
                inputs=["validated_sequences", "preprocessing_spec", "ingest_report"],
                outputs=["primary_sequences", "normalize_report"],
                name="build_sequence_tensors",
            ),
        ]
    )


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
                describe_preprocessing,
                inputs=["validated_sequences", "label_mapping", "params:normalize_options"],
                outputs="preprocessing_spec",
                name="describe_preprocessing",
            ),
            tensor_pipeline(),
        ],
        namespace="normalize",
        prefix_datasets_with_namespace=False,
    )

"""Ingest: raw file → validated long table with canonical column names."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.core.columns import resolve_columns
from seq_pipeline.pipelines.ingest.nodes import validate_sequences


def validation_pipeline() -> Pipeline:
    """Raw table + column spec → validated table and report (inference reuses it)."""
    return Pipeline(
        [
            Node(
                validate_sequences,
                inputs=["raw_sequences", "column_spec"],
                outputs=["validated_sequences", "ingest_report"],
                name="validate_sequences",
            ),
        ]
    )


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(resolve_columns, "params:columns", "column_spec", name="resolve_columns"),
            validation_pipeline(),
        ],
        namespace="ingest",
        prefix_datasets_with_namespace=False,
    )

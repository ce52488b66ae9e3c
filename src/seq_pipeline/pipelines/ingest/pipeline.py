"""Ingest: raw file → validated long table."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.pipelines.ingest.nodes import validate_sequences


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                validate_sequences,
                inputs=["raw_sequences", "params:columns"],
                outputs=["validated_sequences", "ingest_report"],
                name="validate_sequences",
            ),
        ]
    )

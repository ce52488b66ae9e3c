"""Split: canonical tensors → persisted train / val / test indices."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.pipelines.diagnose.nodes import audit_data
from seq_pipeline.pipelines.split.nodes import split_sequences


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                split_sequences,
                inputs=[
                    "primary_sequences",
                    "params:split_options",
                    "params:seed",
                    "label_mapping",
                    "ingest_report",
                ],
                outputs="split_indices",
                name="split_sequences",
            ),
            Node(
                audit_data,
                inputs=["primary_sequences", "split_indices", "params:diagnose_options"],
                outputs="data_audit",
                name="audit_data",
            ),
        ]
    )

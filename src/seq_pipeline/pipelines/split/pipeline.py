"""Split: canonical tensors → persisted train / val / test indices."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.core.splits import split_sequences


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
        ],
        namespace="split",
        prefix_datasets_with_namespace=False,
    )

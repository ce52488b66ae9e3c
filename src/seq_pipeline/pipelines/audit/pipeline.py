"""Audit: tensors + split → data findings, before any training (the diagnosis reads them)."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.pipelines.audit.nodes import audit_data


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                audit_data,
                inputs=[
                    "primary_sequences",
                    "split_indices",
                    "params:audit_options",
                    "params:seed",
                    "params:train_options.scale_features",
                ],
                outputs="data_audit",
                name="audit_data",
            ),
        ],
        namespace="audit",
        prefix_datasets_with_namespace=False,
    )

"""Inference: new raw file + stored model and contract → versioned predictions and a report.

The file is prepared by the ingest and normalize stages' own pipelines, namespaced and fed the
contract instead of today's parameters, so inference cannot drift from training.
"""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.pipelines.inference.nodes import (
    report_inference,
    resolve_inference_columns,
    score_sequences,
)
from seq_pipeline.pipelines.ingest.pipeline import validation_pipeline
from seq_pipeline.pipelines.normalize.pipeline import tensor_pipeline


def create_pipeline(**kwargs) -> Pipeline:
    # Every dataset the reused stages touch is renamed, so inference never writes training's.
    validate = Pipeline(
        validation_pipeline(),
        inputs={"raw_sequences": "inference_sequences", "column_spec": "inference_column_spec"},
        outputs={
            "validated_sequences": "inference_table",
            "ingest_report": "inference_ingest_report",
        },
        namespace="ingest",
        prefix_datasets_with_namespace=False,
    )
    tensors = Pipeline(
        tensor_pipeline(),
        inputs={
            "validated_sequences": "inference_table",
            "ingest_report": "inference_ingest_report",
            "preprocessing_spec": "model_contract",
        },
        outputs={
            "primary_sequences": "inference_tensors",
            "normalize_report": "inference_normalize_report",
        },
        namespace="normalize",
        prefix_datasets_with_namespace=False,
    )
    return Pipeline(
        [
            Node(
                resolve_inference_columns,
                inputs=["inference_sequences", "params:columns", "model_contract"],
                outputs="inference_column_spec",
                name="resolve_inference_columns",
            ),
            validate,
            tensors,
            Node(
                score_sequences,
                inputs=[
                    "model",
                    "inference_tensors",
                    "model_contract",
                    "params:evaluate_options",
                ],
                outputs="inference_predictions",
                name="score_sequences",
            ),
            Node(
                report_inference,
                inputs=[
                    "inference_predictions",
                    "inference_tensors",
                    "primary_sequences",
                    "split_indices",
                    "params:evaluate_options",
                    "params:inference_options",
                    "params:run_id",
                    "params:seed",
                ],
                outputs="inference_report",
                name="report_inference",
            ),
        ],
        namespace="inference",
        prefix_datasets_with_namespace=False,
    )

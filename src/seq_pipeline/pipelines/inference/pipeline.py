"""Inference: new raw file + stored model and contract → versioned predictions.

The file is prepared by the ingest and normalize stages' own pipelines, namespaced and fed the
contract instead of today's parameters, so inference cannot drift from training.
"""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.pipelines.inference.nodes import resolve_inference_columns, score_sequences
from seq_pipeline.pipelines.ingest.pipeline import validation_pipeline
from seq_pipeline.pipelines.normalize.pipeline import tensor_pipeline


def create_pipeline(**kwargs) -> Pipeline:
    # Every dataset the reused stages touch is renamed, so inference never writes training's.
    validate = Pipeline(
        validation_pipeline(),
        inputs={"raw_sequences": "inference_sequences", "column_spec": "inference_column_spec"},
        outputs={"validated_sequences": "inference_table", "ingest_report": "inference_report"},
        namespace="ingest",
        prefix_datasets_with_namespace=False,
    )
    tensors = Pipeline(
        tensor_pipeline(),
        inputs={
            "validated_sequences": "inference_table",
            "ingest_report": "inference_report",
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
        ],
        namespace="inference",
        prefix_datasets_with_namespace=False,
    )

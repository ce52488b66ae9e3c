"""Inference: new raw file + stored model and contract → versioned predictions."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.pipelines.inference.nodes import (
    build_inference_tensors,
    score_sequences,
    validate_inference_sequences,
)


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                validate_inference_sequences,
                inputs=["inference_sequences", "params:columns", "model_contract"],
                outputs=["inference_table", "inference_report"],
                name="validate_inference_sequences",
            ),
            Node(
                build_inference_tensors,
                inputs=["inference_table", "model_contract", "inference_report"],
                outputs=["inference_tensors", "inference_normalize_report"],
                name="build_inference_tensors",
            ),
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
        ]
    )

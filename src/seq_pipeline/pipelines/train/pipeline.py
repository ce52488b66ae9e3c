"""Train: training-set statistics → BiLSTM model and its history."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.contract import describe_model_inputs
from seq_pipeline.pipelines.train.nodes import fit_scaler, train_model


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                fit_scaler,
                inputs=["primary_sequences", "split_indices"],
                outputs="scaler",
                name="fit_scaler",
            ),
            Node(
                train_model,
                inputs=[
                    "primary_sequences",
                    "split_indices",
                    "scaler",
                    "params:train_options",
                    "params:seed",
                ],
                outputs=["model", "training_history"],
                name="train_model",
            ),
            Node(
                describe_model_inputs,
                inputs=[
                    "primary_sequences",
                    "label_mapping",
                    "params:normalize_options",
                    "ingest_report",
                ],
                outputs="model_contract",
                name="describe_model_inputs",
            ),
        ]
    )

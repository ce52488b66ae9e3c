"""Train: training-set statistics → model, its history and the contract inference reads."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.core.contract import describe_model_inputs
from seq_pipeline.core.preprocessing import fit_scaler
from seq_pipeline.pipelines.train.nodes import train_model
from seq_pipeline.pipelines.train.shard_nodes import fit_scaler_from_shards, train_model_from_shards


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
                inputs=["preprocessing_spec", "ingest_report"],
                outputs="model_contract",
                name="describe_model_inputs",
            ),
        ],
        namespace="train",
        prefix_datasets_with_namespace=False,
    )


def streamed_pipeline() -> Pipeline:
    """Scaler and model from `primary_shards`; the model contract as in memory."""
    streamed = Pipeline(
        [
            Node(
                fit_scaler_from_shards,
                ["primary_shards", "split_indices"],
                "scaler",
                name="fit_scaler_from_shards",
            ),
            Node(
                train_model_from_shards,
                [
                    "primary_shards",
                    "split_indices",
                    "scaler",
                    "params:train_options",
                    "params:seed",
                ],
                ["model", "training_history"],
                name="train_model_from_shards",
            ),
        ],
        namespace="train",
        prefix_datasets_with_namespace=False,
    )
    return streamed + create_pipeline().only_nodes_with_outputs("model_contract")

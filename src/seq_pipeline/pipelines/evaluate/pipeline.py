"""Evaluate: model + tensors + split → predictions, metrics and plots."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.core.plots import (
    plot_confusion_matrix,
    plot_learning_curves,
    plot_roc_curve,
)
from seq_pipeline.pipelines.evaluate.nodes import (
    compute_metrics,
    predict_sequences,
    predict_shard_sequences,
)


def metrics_pipeline(
    predictions: str = "predictions", metrics: str = "metrics", name: str = "compute_metrics"
) -> Pipeline:
    """Predictions → metrics; the streamed run also scores its diagnosis sample with it."""
    return Pipeline(
        [
            Node(
                compute_metrics,
                [predictions, "params:evaluate_options", "run_manifest"],
                metrics,
                name=name,
            )
        ]
    )


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                predict_sequences,
                inputs=["model", "primary_sequences", "split_indices"],
                outputs="predictions",
                name="predict_sequences",
            ),
            metrics_pipeline(),
            Node(plot_roc_curve, "predictions", "roc_curve_plot", name="plot_roc_curve"),
            Node(
                plot_confusion_matrix,
                "metrics",
                "confusion_matrix_plot",
                name="plot_confusion_matrix",
            ),
            Node(
                plot_learning_curves,
                "training_history",
                "learning_curves_plot",
                name="plot_learning_curves",
            ),
        ],
        namespace="evaluate",
        prefix_datasets_with_namespace=False,
    )


def streamed_pipeline() -> Pipeline:
    """Predictions streamed shard by shard from `primary_shards`; the rest as in memory."""
    in_memory = create_pipeline()
    streamed = Pipeline(
        [
            Node(
                predict_shard_sequences,
                ["model", "primary_shards", "split_indices"],
                "predictions",
                name="predict_shard_sequences",
            )
        ],
        namespace="evaluate",
        prefix_datasets_with_namespace=False,
    )
    return streamed + (in_memory - in_memory.only_nodes_with_outputs("predictions"))

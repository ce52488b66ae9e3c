"""Evaluate: model + tensors + split → predictions, metrics and plots."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.core.plots import (
    plot_confusion_matrix,
    plot_learning_curves,
    plot_roc_curve,
)
from seq_pipeline.pipelines.evaluate.nodes import compute_metrics, predict_sequences


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                predict_sequences,
                inputs=["model", "primary_sequences", "split_indices"],
                outputs="predictions",
                name="predict_sequences",
            ),
            Node(
                compute_metrics,
                inputs=["predictions", "params:evaluate_options", "run_manifest"],
                outputs="metrics",
                name="compute_metrics",
            ),
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

"""Diagnose: baselines, chance level and training health → one verdict and a report.

The data findings come from the `audit` stage, which runs before any training starts.
"""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.pipelines.diagnose.nodes import (
    bootstrap_test_scores,
    check_training_health,
    decide_verdict,
    fit_baselines,
    render_diagnosis_report,
    run_permutation_test,
    score_baselines,
)
from seq_pipeline.pipelines.diagnose.report import plot_model_vs_baselines

SEED = "params:seed"
OPTIONS = "params:diagnose_options"


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                fit_baselines,
                inputs=["primary_sequences", "split_indices", "scaler", OPTIONS, SEED],
                outputs="baseline_predictions",
                name="fit_baselines",
            ),
            Node(
                score_baselines,
                inputs=["baseline_predictions", "params:evaluate_options"],
                outputs="baseline_scores",
                name="score_baselines",
            ),
            Node(
                bootstrap_test_scores,
                inputs=[
                    "predictions",
                    "baseline_predictions",
                    "params:evaluate_options",
                    OPTIONS,
                    SEED,
                ],
                outputs="score_intervals_evidence",
                name="bootstrap_test_scores",
            ),
            Node(
                run_permutation_test,
                inputs=["primary_sequences", "split_indices", "scaler", OPTIONS, SEED],
                outputs="permutation_test_evidence",
                name="run_permutation_test",
            ),
            Node(
                check_training_health,
                inputs=["training_history", "predictions", "metrics", OPTIONS],
                outputs="training_health_evidence",
                name="check_training_health",
            ),
            Node(
                decide_verdict,
                inputs={
                    "data_audit": "data_audit",
                    "metrics": "metrics",
                    "baseline_scores": "baseline_scores",
                    "score_intervals": "score_intervals_evidence",
                    "permutation_test": "permutation_test_evidence",
                    "training_health": "training_health_evidence",
                    "options": OPTIONS,
                },
                outputs="diagnosis",
                name="decide_verdict",
            ),
            Node(
                plot_model_vs_baselines,
                "diagnosis",
                "model_vs_baselines_plot",
                name="plot_model_vs_baselines",
            ),
            Node(
                render_diagnosis_report,
                inputs=["diagnosis", "predictions", "training_history", "run_manifest"],
                outputs="diagnosis_report",
                name="render_diagnosis_report",
            ),
        ],
        namespace="diagnose",
        prefix_datasets_with_namespace=False,
    )

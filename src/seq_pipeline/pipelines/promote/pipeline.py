"""Promote: after `diagnose`, the new run's model against the champion → decision + pointer."""

from kedro.pipeline import Node, Pipeline

from seq_pipeline.pipelines.promote.nodes import decide_promotion, score_champion


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(
                score_champion,
                inputs=["champion", "validated_sequences", "predictions"],
                outputs="champion_predictions",
                name="score_champion",
            ),
            Node(
                decide_promotion,
                inputs=[
                    "predictions",
                    "champion_predictions",
                    "champion_record",
                    "diagnosis",
                    "params:evaluate_options",
                    "params:promote_options",
                    "params:run_id",
                    "params:seed",
                ],
                outputs=["promotion", "champion_pointer"],
                name="decide_promotion",
            ),
        ],
        namespace="promote",
        prefix_datasets_with_namespace=False,
    )

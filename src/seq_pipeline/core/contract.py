"""The model contract: what a raw file must look like for the stored model to score it.

Written next to the model by the train pipeline from the artifacts the model was trained on
(normalize's preprocessing spec and ingest's report), and read by inference, so scoring never
depends on whatever the parameters say today.
"""

from __future__ import annotations

from typing import Any

from seq_pipeline.core.errors import examples, input_error


def describe_model_inputs(preprocessing_spec: dict, ingest_report: dict) -> dict[str, Any]:
    """Feature names, length, policies and labels the model was trained with, and from where."""
    return {
        **preprocessing_spec,
        "columns": ingest_report.get("columns", {}),
        "training_source": ingest_report.get("source"),
    }


def check_features(found: list[str], contract: dict[str, Any], source: str) -> None:
    """Refuse a file whose feature columns are not exactly the training ones."""
    expected = contract["feature_names"]
    if sorted(found) == sorted(expected):
        return
    missing = [c for c in expected if c not in found]
    extra = [c for c in found if c not in expected]
    raise input_error(
        source,
        (missing or extra)[0],
        f"feature columns differ from training: the model was "
        f"trained on {expected}, this file has {found} (missing {examples(missing)}, "
        f"unexpected {examples(extra)})",
        "Rename the columns or set `columns.feature_columns` to the training list",
    )

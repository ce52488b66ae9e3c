"""The model contract: what a raw file must look like for the stored model to score it.

Written next to the model by the train pipeline from the artifacts the model was trained on
(normalize's preprocessing spec and ingest's report), and read by inference, so scoring never
depends on whatever the parameters say today.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from seq_pipeline.core.columns import RESERVED, ColumnSpec
from seq_pipeline.core.errors import examples, input_error
from seq_pipeline.core.formats import GENERATED_COLUMNS


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


def training_columns(contract: dict[str, Any]) -> dict:
    """The column mapping the model was trained with: where a file like the training one
    keeps ids, time steps and labels (what a served model assumes, having no parameters)."""
    roles = {k: v for k, v in contract.get("columns", {}).items() if k in RESERVED}
    roles.setdefault("label", None)
    return ColumnSpec.model_validate(roles).model_dump()


def resolve_inference_columns(
    raw: pd.DataFrame, columns: ColumnSpec, contract: dict[str, Any]
) -> dict:
    """The user's column mapping with labels optional and features exactly as in training."""
    spec = ColumnSpec.model_validate(columns)
    label = "label" if raw.attrs.get("format") in GENERATED_COLUMNS else spec.label
    if label not in raw.columns:
        spec = spec.model_copy(update={"label": None})
    named = set(RESERVED) | {getattr(spec, k) for k in RESERVED if getattr(spec, k)}
    found = spec.feature_columns or [c for c in raw.columns if c not in named]
    check_features(found, contract, raw.attrs.get("source", "<raw input>"))
    return spec.model_copy(update={"feature_columns": contract["feature_names"]}).model_dump()

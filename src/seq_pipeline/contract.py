"""The model contract: what a raw file must look like for the stored model to score it.

Written next to the model by the train pipeline and read by inference, so that scoring uses
the training feature list, `max_seqlen`, truncation side, missing-value policy and label
mapping from artifacts, never from whatever the parameters say today.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from seq_pipeline.errors import examples, input_error
from seq_pipeline.pipelines.normalize.nodes import NormalizeOptions


def describe_model_inputs(
    sequences: dict[str, np.ndarray],
    label_mapping: dict,
    options: NormalizeOptions,
    ingest_report: dict,
) -> dict[str, Any]:
    """Feature names, length, policies and labels the model was trained with."""
    return {
        "feature_names": sequences["feature_names"].tolist(),
        "max_seqlen": int(sequences["X"].shape[1]),
        "keep": options.keep,
        "missing_values": options.missing_values,
        "fill_value": float(options.fill_value),
        "label_mapping": label_mapping,
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

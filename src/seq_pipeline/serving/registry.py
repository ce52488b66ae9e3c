"""Logging the MLflow model of a run, registering it, and moving the `champion` alias.

One registered model (`REGISTERED_MODEL`), one version per project run, tagged with the
run id; `promote` moves the alias `CHAMPION_ALIAS` to the champion's version.
"""

from __future__ import annotations

import json
import tempfile
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pandas as pd

REGISTERED_MODEL = "seq_pipeline"
CHAMPION_ALIAS = "champion"
RUN_ID_TAG = "run_id"
ARTIFACT_PATH = "model"
EXAMPLE_SEQUENCES = 2  # sequences in the logged input example


def input_example(contract: dict[str, Any], columns: dict) -> pd.DataFrame:
    """A small raw long table in the training file's column names (zeros, full length)."""
    steps = int(contract["max_seqlen"])
    rows = [
        {
            columns["sequence_id"]: f"example-{i}",
            columns["timestep"]: t,
            **dict.fromkeys(contract["feature_names"], 0.0),
        }
        for i in range(EXAMPLE_SEQUENCES)
        for t in range(steps)
    ]
    return pd.DataFrame(rows)


def _type_of(value: Any) -> str:
    """MLflow's column type for a label value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    return "double" if isinstance(value, float) else "string"


def signature(contract: dict[str, Any], columns: dict) -> Any:
    """Raw long table in (label optional), one row per sequence out.

    Input columns are typed `Any`: the contract's own checks (`core.tables.validate_table`)
    type ids, time steps, features and labels as `inference` does, with its messages; MLflow's
    stricter casts would refuse integer time steps or features a double column could hold.
    """
    from mlflow.models import ModelSignature  # noqa: PLC0415
    from mlflow.types.schema import AnyType, ColSpec, Schema  # noqa: PLC0415

    names = [columns["sequence_id"], columns["timestep"], *contract["feature_names"]]
    inputs = [ColSpec(AnyType(), name) for name in names]
    if columns.get("label"):
        inputs.append(ColSpec(AnyType(), columns["label"], required=False))
    label = _type_of(contract["label_mapping"]["positive"])
    outputs = [
        ColSpec("string", "sequence_id"),
        ColSpec("double", "probability"),
        ColSpec(label, "predicted_label"),
        ColSpec(label, "true_label", required=False),
    ]
    return ModelSignature(inputs=Schema(inputs), outputs=Schema(outputs))


def requirements() -> list[str]:
    """What the model needs installed: this package (and so Keras, TensorFlow) and MLflow."""
    from importlib import metadata  # noqa: PLC0415

    return [f"{name}=={metadata.version(name)}" for name in ("seq_pipeline", "mlflow")]


def log_model(
    mlflow_run_id: str,
    keras_model: Any,
    contract: dict[str, Any],
    *,
    project_run_id: str,
    threshold: float,
) -> Any:
    """Log the pyfunc model under the MLflow run and register a version tagged with the run id."""
    import mlflow  # noqa: PLC0415

    from seq_pipeline.core.contract import training_columns  # noqa: PLC0415
    from seq_pipeline.serving.pyfunc import CONTRACT, MODEL, SERVING, SequenceClassifier  # noqa: PLC0415

    columns = training_columns(contract)
    with tempfile.TemporaryDirectory() as folder:
        paths = {"model": Path(folder) / MODEL, "contract": Path(folder) / CONTRACT}
        paths["serving"] = Path(folder) / SERVING
        keras_model.save(paths["model"])
        paths["contract"].write_text(json.dumps(contract, indent=2, default=str))
        serving = {"columns": columns, "threshold": threshold, "run_id": project_run_id}
        paths["serving"].write_text(json.dumps(serving, indent=2))
        example = input_example(contract, columns)
        with _in_run(mlflow_run_id):
            info = mlflow.pyfunc.log_model(
                name=ARTIFACT_PATH,
                python_model=SequenceClassifier(),
                artifacts={k: str(v) for k, v in paths.items()},
                input_example=example,
                signature=signature(contract, columns),
                pip_requirements=requirements(),
                registered_model_name=REGISTERED_MODEL,
                tags={RUN_ID_TAG: project_run_id},
            )
    client = mlflow.MlflowClient()
    version = info.registered_model_version
    client.set_model_version_tag(REGISTERED_MODEL, str(version), RUN_ID_TAG, project_run_id)
    return info


def version_of_run(project_run_id: str) -> str | None:
    """The newest registered version of the project run, or None."""
    import mlflow  # noqa: PLC0415

    found = mlflow.MlflowClient().search_model_versions(
        f"name = '{REGISTERED_MODEL}' and tags.{RUN_ID_TAG} = '{project_run_id}'"
    )
    newest = max((int(v.version) for v in found), default=None)
    return None if newest is None else str(newest)


def move_champion_alias(project_run_id: str) -> str | None:
    """Point the `champion` alias at the run's version; None when the run has none."""
    import mlflow  # noqa: PLC0415

    version = version_of_run(project_run_id)
    if version is not None:
        mlflow.MlflowClient().set_registered_model_alias(
            REGISTERED_MODEL, CHAMPION_ALIAS, str(version)
        )
    return version


def _in_run(mlflow_run_id: str) -> Any:
    """The MLflow run as the active one: as it is when kedro-mlflow has it active already."""
    import mlflow  # noqa: PLC0415

    active = mlflow.active_run()
    if active is not None and active.info.run_id == mlflow_run_id:
        return nullcontext()
    return mlflow.start_run(run_id=mlflow_run_id, nested=active is not None)

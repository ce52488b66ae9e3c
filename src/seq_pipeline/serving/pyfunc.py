"""The MLflow model: raw long table (or arrays) in, probability and label out.

It carries the Keras model (scaler included, as a layer), the run's model contract and its
column mapping, and applies the contract with `core.serving.contract_tensors`, the functions
the `inference` pipeline runs as nodes, so the two score a file identically.

    import mlflow
    model = mlflow.pyfunc.load_model("models:/seq_pipeline@champion")
    model.predict(long_table)                      # columns as in the training file
    # (N, T, F) values and each sequence's real steps: past MLflow's table-only schema check
    model.unwrap_python_model().predict(None, {"X": x, "lengths": lengths})
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import mlflow.pyfunc
import numpy as np
import pandas as pd

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.serving import arrays_table, contract_tensors, labelled_predictions

# Files the model carries (MLflow copies them into the model's `artifacts/` folder).
MODEL, CONTRACT, SERVING = "model.keras", "model_contract.json", "serving.json"

# MLflow suggests type hints on `predict` for its own input validation; the model is logged
# with an explicit signature and validates inputs against its contract, so the hint would
# only repeat that (and MLflow cannot express the table's per-run columns as hints).
warnings.filterwarnings(
    "ignore", message="Add type hints to the `predict` method", category=UserWarning
)


class SequenceClassifier(mlflow.pyfunc.PythonModel):
    """Scores sequences exactly as `kedro run --pipelines inference` does."""

    def load_context(self, context: Any) -> None:
        import keras  # noqa: PLC0415 - TensorFlow only when a model is loaded

        from seq_pipeline.models.registry import import_layers  # noqa: PLC0415 - Keras

        import_layers()
        self.model = keras.saving.load_model(context.artifacts["model"])
        self.contract = json.loads(Path(context.artifacts["contract"]).read_text())
        serving = json.loads(Path(context.artifacts["serving"]).read_text())
        self.columns, self.threshold = serving["columns"], float(serving["threshold"])

    # No type hints on the input: MLflow would read them as a schema (list[...] only); the
    # logged signature describes the table instead.
    def predict(self, context, model_input, params=None):
        """`sequence_id`, `probability`, `predicted_label` (and `true_label` when given)."""
        from seq_pipeline.training.predict import predict_probability  # noqa: PLC0415

        table, columns = self._table(model_input)
        tensors, _ = contract_tensors(table, columns, self.contract)
        probability = predict_probability(self.model, tensors)
        return labelled_predictions(
            tensors, probability, self.contract["label_mapping"], self.threshold
        )

    def _table(self, model_input: Any) -> tuple[pd.DataFrame, dict]:
        """A long table and its column mapping, from a table or from arrays `X` (+ `lengths`)."""
        if isinstance(model_input, dict) and "X" in model_input:
            lengths = model_input.get("lengths")
            x = np.asarray(model_input["X"], dtype=float)
            table = arrays_table(x, self.contract["feature_names"], lengths)
            table.attrs["source"] = "<arrays X>"
            return table, ColumnSpec(label=None).model_dump()
        table = pd.DataFrame(model_input).copy()
        table.attrs["source"] = "<model input>"
        return table, self.columns

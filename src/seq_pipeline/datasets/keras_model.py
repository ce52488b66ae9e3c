"""``KerasModelDataset``: kedro-datasets' TensorFlowModelDataset that can load in a new process.

Keras only finds the project's registered layers (`FillMissing`) once their module has been
imported; a run that loads a stored model without training first (inference) has not
imported it, so this imports it just before loading. It is not imported at pipeline
registration, so runs that never touch a model do not pay for TensorFlow.
"""

from __future__ import annotations

from typing import Any

from kedro_datasets.tensorflow import TensorFlowModelDataset


class KerasModelDataset(TensorFlowModelDataset):
    """Loads a stored model after registering the project's custom Keras layers."""

    def load(self) -> Any:
        import seq_pipeline.models.layers  # noqa: F401, PLC0415 - registers layers

        return super().load()

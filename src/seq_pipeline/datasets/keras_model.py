"""``KerasModelDataset``: kedro-datasets' TensorFlowModelDataset that can load in a new process.

Keras only finds the project's registered layers (`FillMissing`, `MiniRocketFeatures`) once
their modules have been imported; a run that loads a stored model without training first
(inference) has not imported them, so this imports every architecture's just before
loading. Nothing is imported at pipeline registration, so runs that never touch a model do
not pay for TensorFlow.

A stored file Keras cannot read (truncated, from another Keras) is reported with its own
path and version, not with the temporary copy kedro-datasets hands to Keras; one Keras safe
mode refuses (it would run Python code stored in the file) says so.
"""

from __future__ import annotations

from typing import Any

from kedro.io.core import DatasetError, get_filepath_str
from kedro_datasets.tensorflow import TensorFlowModelDataset


class KerasModelDataset(TensorFlowModelDataset):
    """Loads a stored model after registering the project's custom Keras layers."""

    def load(self) -> Any:
        from seq_pipeline.models.registry import import_layers  # noqa: PLC0415 - Keras

        import_layers()

        # Resolving the version first lets "no stored model at all" keep Kedro's own message.
        load_path = get_filepath_str(self._get_load_path(), self._protocol)
        try:
            return super().load()
        except Exception as exc:
            version = self.resolve_load_version() or "unversioned"
            root = exc
            while root.__cause__ is not None:  # Kedro wraps Keras' error in a DatasetError
                root = root.__cause__
            if "safe_mode" in str(root):
                raise DatasetError(_refused_by_safe_mode(load_path, version, root)) from exc
            # Keras' own message names the temporary copy, not the stored file: left out.
            raise DatasetError(
                f"The stored model '{load_path}' (version {version}) is unreadable "
                f"(Keras raised {type(root).__name__}). The file may be truncated or written by "
                "another Keras version; retrain it, or load an earlier version with "
                "`--load-versions model:<version>`."
            ) from exc


def _refused_by_safe_mode(load_path: str, version: str, root: BaseException) -> str:
    """The message for a file Keras' safe mode refuses: intact, but holding code to run."""
    first = str(root).split(". ")[0]  # which layer and why, without Keras' override advice
    return (
        f"The stored model '{load_path}' (version {version}) was refused by Keras safe mode: "
        f"{first}. Loading it would run Python code stored in the file, and this pipeline's "
        "models hold none (their layers are registered), so it was not written by this "
        "pipeline: retrain, or load an earlier version with "
        "`--load-versions model:<version>`."
    )

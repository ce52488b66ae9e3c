"""A stored model Keras' safe mode refuses is reported as refused, not as truncated."""

from __future__ import annotations

import keras
import pytest
from kedro.io import Version
from kedro.io.core import DatasetError

from seq_pipeline.datasets.keras_model import KerasModelDataset, _refused_by_safe_mode
from tests.pipelines.ingest.factory import sha256


def test_a_model_with_a_lambda_layer_is_named_as_refused_by_safe_mode(tmp_path):
    inputs = keras.Input((3,))
    planted = keras.Model(inputs, keras.layers.Lambda(lambda t: t * 2)(inputs))
    store = tmp_path / "model.keras"
    KerasModelDataset(filepath=str(store), version=Version(None, None)).save(planted)
    (stored,) = [p for p in store.rglob("*") if p.is_file()]
    before = sha256(stored)

    with pytest.raises(DatasetError) as info:
        KerasModelDataset(filepath=str(store), version=Version(None, None)).load()
    message = str(info.value)
    version = stored.parent.name
    assert f"The stored model '{stored}' (version {version}) was refused by Keras safe mode" in (
        message
    )
    assert "`Lambda` layer" in message
    assert "truncated" not in message and "safe_mode=False" not in message
    assert sha256(stored) == before


def test_the_safe_mode_message_keeps_only_keras_first_sentence():
    root = ValueError("Requested the deserialization of a `Lambda` layer. Pass safe_mode=False.")
    assert _refused_by_safe_mode("/m.keras", "v1", root) == (
        "The stored model '/m.keras' (version v1) was refused by Keras safe mode: Requested "
        "the deserialization of a `Lambda` layer. Loading it would run Python code stored in "
        "the file, and this pipeline's models hold none (their layers are registered), so it "
        "was not written by this pipeline: retrain, or load an earlier version with "
        "`--load-versions model:<version>`."
    )

"""Train and evaluate on shards equal the in-memory path where they must: the scaler, and the
predictions of the same weights; and a tiny streamed run trains, predicts and scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("keras")

from seq_pipeline.core.errors import ParameterError
from seq_pipeline.core.preprocessing import fit_scaler
from seq_pipeline.models import build_model, model_inputs
from seq_pipeline.pipelines.evaluate.nodes import (
    EvaluateOptions,
    compute_metrics,
    predict_sequences,
    predict_shard_sequences,
)
from seq_pipeline.pipelines.train.shard_nodes import (
    fit_scaler_from_shards,
    train_model_from_shards,
)
from seq_pipeline.training import inputs
from seq_pipeline.training.inputs import ShardInputs
from seq_pipeline.training.shard_batches import ShardBatches
from tests.pipelines.stream.factory import write_shards

SIZES = [90, 70, 80]  # the 240 test sequences


def padded(sequences: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every third sequence shortened by four steps (NaN values, mask false), some gaps."""
    x, mask = sequences["X"].copy(), sequences["mask"].copy()
    x[::3, -4:], mask[::3, -4:] = np.nan, False
    x[1::7, 2, 0] = np.nan
    return {**sequences, "X": x, "mask": mask}


def small_model(n_steps: int, scaler: dict) -> object:
    return build_model(
        "bilstm",
        n_steps=n_steps,
        n_features=2,
        fill_values=scaler["mean"],
        mean=scaler["mean"],
        std=scaler["std"],
        lstm_units=4,
        dense_units=4,
    )


@pytest.mark.parametrize("make", [lambda s: s, padded], ids=["full", "padded"])
def test_scaler_from_shards_equals_the_in_memory_scaler(tmp_path, sequences, split, make):
    data = make(sequences)
    streamed = fit_scaler_from_shards(write_shards(data, SIZES, tmp_path / "s"), split)
    expected = fit_scaler(data, split)
    np.testing.assert_allclose(streamed["mean"], expected["mean"], rtol=1e-9)
    np.testing.assert_allclose(streamed["std"], expected["std"], rtol=1e-9)
    assert {k: v for k, v in streamed.items() if k not in ("mean", "std")} == {
        k: v for k, v in expected.items() if k not in ("mean", "std")
    }


def test_same_weights_give_the_same_predictions(tmp_path, sequences, split):
    data = padded(sequences)
    shards = write_shards(data, SIZES, tmp_path / "s")
    model = small_model(data["X"].shape[1], fit_scaler(data, split))
    rows = np.array([200, 3, 150, 91, 89, 17])  # unsorted, across all shards
    expected = model.predict(model_inputs(data["X"][rows], data["mask"][rows]), verbose=0)
    np.testing.assert_allclose(ShardInputs(shards).predict(model, rows), expected.ravel(), 1e-5)

    streamed = predict_shard_sequences(model, shards, split)
    in_memory = predict_sequences(model, data, split)
    pd.testing.assert_frame_equal(streamed, in_memory, rtol=1e-5)


def test_training_on_shards_end_to_end(tmp_path, sequences, split, tiny_options):
    shards = write_shards(sequences, SIZES, tmp_path / "s")
    scaler = fit_scaler_from_shards(shards, split)
    model, history = train_model_from_shards(shards, split, scaler, tiny_options, seed=1)
    assert history["epochs_run"] == 2
    assert history["schedule"]["steps_per_epoch"] == int(np.ceil(len(split["train"]) / 32))
    card = history["model_card"]
    assert card["inputs"]["values"] == [12, 2] and card["inputs"]["feature_names"] == ["a", "b"]
    assert card["training"]["val_score"]["n"] == len(split["val"])
    np.testing.assert_allclose(np.ravel(model.get_layer("scale").mean), scaler["mean"], 1e-5)

    predictions = predict_shard_sequences(model, shards, split)
    metrics = compute_metrics(predictions, EvaluateOptions())
    assert len(predictions) == 240 and set(predictions["split"]) == {"train", "val", "test"}
    assert metrics["test"]["n"] == len(split["test"])
    assert metrics["test"]["roc_auc"] > 0.5


def test_auto_is_refused_on_shards(tmp_path, sequences, split, tiny_options):
    shards = write_shards(sequences, SIZES, tmp_path / "s")
    options = tiny_options.model_copy(update={"architecture": "auto"})
    with pytest.raises(ParameterError, match="'auto' is not available when training on shards"):
        train_model_from_shards(shards, split, fit_scaler(sequences, split), options, seed=1)


@pytest.mark.parametrize("distribution", ["mirrored", "multi_worker"])
def test_distribution_is_refused_on_shards(tmp_path, sequences, split, tiny_options, distribution):
    shards = write_shards(sequences, SIZES, tmp_path / "s")
    options = tiny_options.model_copy(update={"distribution": distribution})
    with pytest.raises(ParameterError, match=f"'{distribution}' is not available when training"):
        train_model_from_shards(shards, split, fit_scaler(sequences, split), options, seed=1)


def test_label_spread_tells_sorted_shards_from_mixed_ones(tmp_path, sequences, split):
    order = np.argsort(sequences["y"], kind="stable")
    by_label = {k: v if k == "feature_names" else v[order] for k, v in sequences.items()}
    rows = np.arange(240)
    mixed = ShardInputs(write_shards(sequences, SIZES, tmp_path / "mixed"))
    sorted_ = ShardInputs(write_shards(by_label, SIZES, tmp_path / "sorted"))
    assert mixed.label_spread(rows) < 0.15
    assert sorted_.label_spread(rows) > 0.25


def test_the_pydataset_path_trains_the_model_the_tf_data_path_trains(
    tmp_path, sequences, split, tiny_options, monkeypatch
):
    """Under JAX and PyTorch Keras drives `ShardBatches` itself (no tf.data, no warm-up):
    the same seeded batches must give the same model as TensorFlow's path."""
    shards = write_shards(sequences, SIZES, tmp_path / "s")
    scaler = fit_scaler_from_shards(shards, split)
    rows = {"train": split["train"], "val": split["val"]}
    assert not isinstance(ShardInputs(shards).fit_arguments(rows, 32, 1)["x"], ShardBatches)
    via_tf_data = train_model_from_shards(shards, split, scaler, tiny_options, seed=1)
    monkeypatch.setattr(inputs, "_tensorflow", lambda: False)
    assert isinstance(ShardInputs(shards).fit_arguments(rows, 32, 1)["x"], ShardBatches)
    via_pydataset = train_model_from_shards(shards, split, scaler, tiny_options, seed=1)

    (model_a, history_a), (model_b, history_b) = via_tf_data, via_pydataset
    for key in ("loss", "val_loss"):
        np.testing.assert_allclose(history_b["history"][key], history_a["history"][key], 1e-4)
    for a, b in zip(model_a.get_weights(), model_b.get_weights(), strict=True):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-6)

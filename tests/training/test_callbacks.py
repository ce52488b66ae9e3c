"""The train node's inputs: converted once, cheap validation and logging, epoch timings."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from seq_pipeline.core.preprocessing import fit_scaler
from seq_pipeline.pipelines.train.nodes import train_model
from seq_pipeline.training.callbacks import (
    VALIDATION_BATCH_SIZE,
    fit_arguments,
    fit_target,
    tensorboard,
)
from tests.training.tiny import tiny_bilstm


def test_fit_arguments_convert_once_to_the_dtypes_the_model_takes(sequences, split):
    sequences = {**sequences, "X": sequences["X"].astype("float64")}
    arguments = fit_arguments(sequences, split, batch_size=32)
    x, y = arguments["x"], arguments["y"]
    assert x["values"].dtype == np.float32 and x["values"].flags["C_CONTIGUOUS"]
    assert x["mask"].dtype == bool and y.dtype == np.float32
    np.testing.assert_array_equal(x["values"], sequences["X"][split["train"]].astype("float32"))
    np.testing.assert_array_equal(y, sequences["y"][split["train"]])
    (val_x, val_y) = arguments["validation_data"]
    np.testing.assert_array_equal(val_x["mask"], sequences["mask"][split["val"]])
    np.testing.assert_array_equal(val_y, sequences["y"][split["val"]])
    assert arguments["batch_size"] == 32 and arguments["shuffle"] is True
    assert arguments["validation_batch_size"] == VALIDATION_BATCH_SIZE


def test_validation_batch_is_never_smaller_than_the_training_batch(sequences, split):
    big = VALIDATION_BATCH_SIZE * 2
    assert fit_arguments(sequences, split, batch_size=big)["validation_batch_size"] == big


def test_tensorboard_writes_per_epoch_without_profiling(tmp_path):
    callback = tensorboard(str(tmp_path))
    assert callback.update_freq == "epoch"
    assert (callback._start_batch, callback._stop_batch) == (0, 0)  # no profiler


@pytest.mark.slow
def test_tensorboard_still_writes_every_epoch(tmp_path):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.zeros((64, 3), "float32"), np.zeros(64, "float32")
    model.fit(x, y, batch_size=8, epochs=3, callbacks=[tensorboard(str(tmp_path))], verbose=0)
    event_files = list((tmp_path / "train").glob("events.out.tfevents.*"))
    assert event_files and event_files[0].stat().st_size > 0
    tf = pytest.importorskip("tensorflow", reason="checks the TensorFlow backend's kernels")
    steps = [
        event.step
        for event in tf.compat.v1.train.summary_iterator(str(event_files[0]))
        for value in event.summary.value
        if value.tag == "epoch_loss"
    ]
    assert steps == [0, 1, 2]


@pytest.mark.slow
def test_training_history_records_each_epochs_wall_time(sequences, split, tiny_options):
    scaler = fit_scaler(sequences, split)
    _, history = train_model(sequences, split, scaler, tiny_options, seed=1)
    assert len(history["epoch_seconds"]) == history["epochs_run"] == tiny_options.epochs
    assert all(seconds > 0 for seconds in history["epoch_seconds"])
    assert len(history["epoch_cpu_seconds"]) == tiny_options.epochs
    assert all(seconds > 0 for seconds in history["epoch_cpu_seconds"])


def _unpadded(n: int = 64):
    rng = np.random.default_rng(0)
    sequences = {
        "X": rng.standard_normal((n, 10, 2)).astype("float32"),
        "mask": np.ones((n, 10), dtype=bool),
        "y": (rng.random(n) < 0.5).astype("int8"),
    }
    split = {"train": np.arange(n - 16), "val": np.arange(n - 16, n)}
    return sequences, split


def test_a_padded_sequence_keeps_the_masked_model(sequences, split):
    padded = {**sequences, "mask": sequences["mask"].copy()}
    padded["mask"][split["val"][0], -1] = False
    model = tiny_bilstm()
    rows = np.concatenate([split["train"], split["val"]])
    assert not padded["mask"][rows].all()
    assert fit_target(model, padded=True) is model


def test_unpadded_data_trains_a_mask_free_twin_sharing_the_weights():
    sequences, split = _unpadded()
    keras.utils.set_random_seed(0)
    model = tiny_bilstm()
    assert sequences["mask"][np.concatenate([split["train"], split["val"]])].all()
    twin = fit_target(model, padded=False)
    assert twin is not model
    assert all(a is b for a, b in zip(twin.weights, model.weights, strict=True))
    assert twin.optimizer is model.optimizer
    assert twin.get_compile_config()["metrics"] == model.get_compile_config()["metrics"]
    # The twin ignores the mask; the model (the one saved) still honours it.
    x, mask = sequences["X"][:4], sequences["mask"][:4].copy()
    mask[:, 6:] = False
    inputs = {"values": x, "mask": mask}
    all_true = {"values": x, "mask": np.ones_like(mask)}
    np.testing.assert_allclose(twin.predict(inputs, verbose=0), model.predict(all_true, verbose=0))
    assert not np.allclose(model.predict(inputs, verbose=0), model.predict(all_true, verbose=0))


@pytest.mark.slow
def test_training_the_twin_gives_the_weights_training_the_model_gives():
    sequences, split = _unpadded()
    trained = []
    for use_twin in (False, True):
        keras.utils.set_random_seed(0)
        model = tiny_bilstm()
        target = fit_target(model, padded=not use_twin)
        target.fit(**fit_arguments(sequences, split, batch_size=16), epochs=2, verbose=0)
        trained.append(model.get_weights())
    for a, b in zip(*trained, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)

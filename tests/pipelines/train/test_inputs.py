"""The train node's inputs: converted once, cheap validation and logging, epoch timings."""

from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from seq_pipeline.pipelines.train.inputs import (  # noqa: E402
    VALIDATION_BATCH_SIZE,
    fit_arguments,
    tensorboard,
)
from seq_pipeline.pipelines.train.nodes import fit_scaler, train_model  # noqa: E402


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
def test_training_history_records_each_epochs_wall_time(sequences, split, tiny_options):
    scaler = fit_scaler(sequences, split)
    _, history = train_model(sequences, split, scaler, tiny_options, seed=1)
    assert len(history["epoch_seconds"]) == history["epochs_run"] == tiny_options.epochs
    assert all(seconds > 0 for seconds in history["epoch_seconds"])

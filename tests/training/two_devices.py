"""Train the tiny model with `distribution: mirrored` on two logical CPU devices and print
its schedule as JSON (run as a process: devices are fixed before TensorFlow starts)."""

from __future__ import annotations

import json
import sys

import numpy as np
import tensorflow as tf

from seq_pipeline.core.demo import make_event_sequences
from seq_pipeline.core.preprocessing import fit_scaler
from seq_pipeline.pipelines.train.nodes import train_model
from seq_pipeline.pipelines.train.options import TrainOptions


def main() -> None:
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    x, y = make_event_sequences(n_sequences=48, n_steps=10, seed=3, pulse_height=5.0)
    mask = np.ones(x.shape[:2], dtype=bool)
    sequences = {"X": x, "mask": mask, "y": y, "feature_names": np.array(["a", "b"])}
    rows = np.arange(48)
    split = {"train": rows[:32], "val": rows[32:40], "test": rows[40:]}
    options = {
        "lstm_units": 4,
        "dense_units": 4,
        "batch_size": 8,
        "epochs": 2,
        "tensorboard_dir": None,
        "verbose": 0,
        "distribution": "mirrored",
    }
    options = TrainOptions(**options)
    _, summary = train_model(sequences, split, fit_scaler(sequences, split), options, 1)
    result = {"epochs_run": summary["epochs_run"], "schedule": summary["schedule"]}
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()

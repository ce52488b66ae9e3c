"""`train_options.distribution`: validated options, per-replica batches, and real training
under `tf.distribute.MirroredStrategy` (two workers: test_multi_worker.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pydantic
import pytest

from seq_pipeline.core.preprocessing import fit_scaler
from seq_pipeline.pipelines.train.nodes import train_model
from seq_pipeline.pipelines.train.options import TrainOptions
from seq_pipeline.training.schedule import plan_schedule
from tests.conftest import PROJECT_ROOT
from tests.test_config import load


def test_distribution_defaults_to_none_in_code_and_in_conf():
    assert TrainOptions().distribution == "none"
    assert load("local")[1]["train_options"]["distribution"] == "none"


def test_an_unknown_distribution_is_refused():
    with pytest.raises(pydantic.ValidationError, match="distribution"):
        TrainOptions(distribution="horovod")


def test_auto_cannot_train_on_several_workers():
    # Each worker would stop `auto`'s search at its own clock's budget: no lock-step.
    with pytest.raises(pydantic.ValidationError, match="'auto' cannot train with distribution"):
        TrainOptions(architecture="auto", distribution="multi_worker")
    assert TrainOptions(architecture="auto", distribution="mirrored").distribution == "mirrored"


@pytest.mark.parametrize("adaptive", [True, False])
def test_a_step_takes_the_per_replica_batch_from_every_replica(adaptive):
    options = TrainOptions(adaptive_batch_size=adaptive, batch_size=64, min_steps=500)
    one = plan_schedule(6709, options, n_val=1438)
    four = plan_schedule(6709, options, n_val=1438, replicas=4)
    assert (one.replicas, one.per_replica_batch_size, one.batch_size) == (1, 64, 64)
    assert (four.replicas, four.per_replica_batch_size, four.batch_size) == (4, 64, 256)
    assert four.steps_per_epoch == int(np.ceil(6709 / 256))
    # min_steps counts gradient steps, so fewer steps per epoch means more epochs.
    assert four.epochs * four.steps_per_epoch >= 500


def test_small_data_keeps_eight_global_steps_per_epoch_on_several_replicas():
    options = TrainOptions(adaptive_batch_size=True, batch_size=64, min_batch_size=8)
    schedule = plan_schedule(512, options, replicas=2)
    assert (schedule.per_replica_batch_size, schedule.batch_size) == (32, 64)
    assert schedule.steps_per_epoch == 8


def test_no_distribution_creates_no_strategy():
    from seq_pipeline.training.distribute import (
        distribution_scope,
        is_chief,
        replicas,
    )

    with distribution_scope("none") as count:
        assert count == replicas() == 1
    assert is_chief("none") and is_chief("mirrored")


@pytest.mark.slow
def test_mirrored_training_runs_to_completion(sequences, split, tiny_options):
    import keras
    import tensorflow as tf

    from seq_pipeline.training.distribute import replicas

    options = tiny_options.model_copy(update={"distribution": "mirrored", "epochs": 2})
    model, summary = train_model(sequences, split, fit_scaler(sequences, split), options, 5)
    devices = len(tf.config.list_logical_devices("GPU")) or 1
    assert summary["epochs_run"] == 2 and len(summary["history"]["loss"]) == 2
    schedule = summary["schedule"]
    assert schedule["replicas"] == devices
    assert schedule["batch_size"] == devices * schedule["per_replica_batch_size"]
    # Built under the strategy (outside any scope Keras would report the default one).
    assert isinstance(model.distribute_strategy, tf.distribute.MirroredStrategy)
    assert replicas() == 1  # the scope ends with the node
    # The trained model predicts outside the strategy, as evaluation and inference do.
    test = split["test"]
    probability = model.predict(
        {"values": sequences["X"][test], "mask": sequences["mask"][test]}, verbose=0
    )
    assert probability.shape == (len(test), 1) and np.isfinite(probability).all()
    assert keras.backend.backend() == "tensorflow"


@pytest.mark.slow
def test_mirrored_training_splits_each_batch_over_two_devices():
    # Two logical CPUs stand in for two GPUs: each step averages two replicas' gradients.
    result = subprocess.run(
        [sys.executable, "-m", "tests.training.two_devices"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["epochs_run"] == 2
    schedule = summary["schedule"]
    assert (schedule["replicas"], schedule["per_replica_batch_size"]) == (2, 8)
    assert (schedule["batch_size"], schedule["steps_per_epoch"]) == (16, 2)  # 32 rows / 16

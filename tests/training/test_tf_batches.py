"""tf_batches: ShardBatches as tf.data (open batch dimension, seeded order) and the warm-up."""

from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")
if keras.backend.backend() != "tensorflow":
    pytest.skip("tf_batches is the TensorFlow backend's loader", allow_module_level=True)

import tensorflow as tf  # noqa: E402

from seq_pipeline.training import tf_batches  # noqa: E402
from seq_pipeline.training.shard_batches import ShardBatches  # noqa: E402
from tests.pipelines.stream.factory import write_shards  # noqa: E402
from tests.training.test_shard_batches import SIZES, epoch_rows, numbered  # noqa: E402
from tests.training.tiny import tiny_bilstm  # noqa: E402


@pytest.fixture
def shards(tmp_path):
    return write_shards(numbered(), SIZES, tmp_path / "shards")


def dataset_rows(batches) -> list[np.ndarray]:
    return [b[0]["values"][:, 0, 0].numpy().astype(int) for b in batches]


def test_training_dataset_has_an_open_batch_dimension_and_the_seeded_epochs(shards):
    train = np.sort(np.random.default_rng(1).choice(160, 120, replace=False))
    arguments = tf_batches.fit_arguments(
        ShardBatches(shards, train, batch_size=16, seed=5),
        ShardBatches(shards, np.arange(150, 160), batch_size=1024, seed=None),
        step_shape=(10, 2),
    )
    inputs, y = arguments["x"].element_spec
    assert inputs["values"].shape.as_list() == [None, 10, 2]
    assert inputs["mask"].shape.as_list() == [None, 10] and y.shape.as_list() == [None]
    assert arguments["steps_per_epoch"] == 8
    # Two epochs from one iterator are the PyDataset's epochs 0 and 1, batch for batch.
    streamed = dataset_rows(arguments["x"].take(16))
    reference = ShardBatches(shards, train, batch_size=16, seed=5)
    expected = np.concatenate([epoch_rows(reference), epoch_rows(reference)])
    np.testing.assert_array_equal(np.concatenate(streamed), expected)
    assert [len(rows) for rows in streamed] == [16] * 7 + [8] + [16] * 7 + [8]
    val = arguments["validation_data"]
    assert val.cardinality() == 1
    for _ in range(2):  # every pass the same rows, in shard order
        np.testing.assert_array_equal(dataset_rows(val)[0], np.arange(150, 160))


def test_warm_up_leaves_every_variable_as_it_was(shards):
    batch = ShardBatches(shards, np.arange(160), batch_size=32, seed=0).batch(0, 0)

    def trained(warm: bool) -> list[np.ndarray]:
        keras.utils.set_random_seed(3)
        model = tiny_bilstm(dropout=0.2)
        if warm:
            tf_batches.warm_up(model, batch, {0: 1.0, 1: 2.0})
        data = tf.data.Dataset.from_tensor_slices(batch).batch(8)
        model.fit(data, class_weight={0: 1.0, 1: 2.0}, epochs=1, shuffle=False, verbose=0)
        return [
            keras.ops.convert_to_numpy(v) for v in [*model.variables, *model.optimizer.variables]
        ]

    for cold, warm in zip(trained(False), trained(True), strict=True):
        np.testing.assert_array_equal(warm, cold)

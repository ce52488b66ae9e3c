"""`ShardBatches` for `model.fit` under the TensorFlow backend: `tf.data` and a warm-up.

Imports TensorFlow: load it only under that backend (`ShardInputs`). Under JAX or PyTorch
Keras drives the `ShardBatches` `PyDataset` itself.

Why a warm-up: under TensorFlow, batches from Python reach the train step through
`tf.data.Dataset.from_generator` (Keras' own `PyDataset` adapter does the same), and a
process whose train step first runs on such a dataset spends 1.8–2× the CPU time per
step, for the whole fit, of one whose step first ran on a dataset of tensors — with the same
traced step, a `None` batch dimension or not, with or without prefetch, a private thread
pool or one generator call per 5 000 rows (docs/streaming.md has the measurements). So
`warm_up` runs the train and test steps once on one batch held as tensors and then puts every
model and optimizer variable back: the fit that follows starts from the same state.

The training dataset covers the whole fit, epoch after epoch (`steps_per_epoch` is the number
of batches): epochs are counted here, in `ShardBatches`' seeded order, so read-ahead across an
epoch end cannot shift it. Memory stays one shard plus a few batches.
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

from seq_pipeline.training.shard_batches import ShardBatches

PREFETCH = 2  # batches read ahead while a step runs


def element_spec(step_shape: tuple[int, int]) -> tuple:
    """Inputs and labels of one batch, batch dimension left open as for in-memory arrays."""
    n_steps, n_features = step_shape
    inputs = {
        "values": tf.TensorSpec((None, n_steps, n_features), tf.float32),
        "mask": tf.TensorSpec((None, n_steps), tf.bool),
    }
    return inputs, tf.TensorSpec((None,), tf.float32)


def batch_dataset(
    batches: ShardBatches, step_shape: tuple[int, int], repeat: bool
) -> tf.data.Dataset:
    """The batches of `batches`, epoch 0 then (if `repeat`) 1, 2, … without end; each epoch
    in the order `ShardBatches` gives it."""
    spec = element_spec(step_shape)

    def epoch_batches(epoch):
        for index in range(len(batches)):
            yield batches.batch(index, int(epoch))

    def one_epoch(epoch):
        return tf.data.Dataset.from_generator(epoch_batches, args=(epoch,), output_signature=spec)

    epochs = tf.data.Dataset.counter() if repeat else tf.data.Dataset.range(1)
    dataset = epochs.flat_map(one_epoch)
    if not repeat:
        dataset = dataset.apply(tf.data.experimental.assert_cardinality(len(batches)))
    return dataset.prefetch(PREFETCH)


def fit_arguments(
    train: ShardBatches, val: ShardBatches, step_shape: tuple[int, int]
) -> dict[str, object]:
    """`model.fit` arguments: training batches reshuffled every epoch, validation in order."""
    return {
        "x": batch_dataset(train, step_shape, repeat=True),
        "steps_per_epoch": len(train),
        "validation_data": batch_dataset(val, step_shape, repeat=False),
        "shuffle": False,  # the order is ShardBatches' (Keras ignores it for datasets, loudly)
    }


def warm_up(model: keras.Model, batch: tuple, class_weight: dict | None) -> None:
    """Run `model`'s train and test steps once on `batch` held as tensors, then restore every
    model and optimizer variable: the next fit starts where it would have, at the cost it
    has when fed tensors (see the module docstring)."""
    if not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    variables = [*model.variables, *model.optimizer.variables]
    saved = [np.array(keras.ops.convert_to_numpy(v)) for v in variables]
    inputs, y = batch
    tensors = tf.data.Dataset.from_tensor_slices((inputs, y)).batch(len(y))
    model.fit(
        tensors,
        validation_data=tensors,
        class_weight=class_weight,
        epochs=1,
        shuffle=False,
        verbose=0,
    )
    for variable, value in zip(variables, saved, strict=True):
        variable.assign(value)

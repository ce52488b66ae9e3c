"""Two fixes to Keras 3's TensorFlow trainer (3.15 included) for distributed batches, applied
only while a model trains under a `tf.distribute` strategy (distribution.py).

1. Before the first step, Keras averages one distributed batch with `strategy.reduce` only to
   learn the inputs' shapes and dtypes; `reduce` refuses a dict of inputs (this model has
   `values` and `mask`: keras-team/keras#20329). The first replica's own batch has the same
   shapes and dtypes, so the model is built from that one.
2. After every step, Keras averages the per-replica losses and metrics with
   `strategy.reduce("MEAN", v, axis=0)` under MultiWorkerMirroredStrategy; they are scalars,
   which have no axis 0 ("Invalid reduction dimension 0 for input with 0 dimensions",
   tensorflow/tensorflow#72388). They are averaged over replicas instead (`axis=None`), as
   Keras already does for a single worker with several devices.

Both replace private Keras functions for the duration of the scope and restore them after;
tests/training/test_distribute.py trains two real workers through them, so a Keras
upgrade that changes either function fails there, not in production.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import keras


@contextlib.contextmanager
def keras_fixes() -> Iterator[None]:
    """Keras' TensorFlow trainer, fixed for distributed multi-input batches, in this scope."""
    import tensorflow as tf  # noqa: PLC0415  only imported when training is distributed
    from keras.src.backend.tensorflow import trainer  # noqa: PLC0415

    def local_batch(value):
        if isinstance(value, tf.distribute.DistributedValues):
            return value.values[0]
        return value

    def maybe_symbolic_build(model, iterator=None, data_batch=None):
        if model._distribute_strategy is None:  # Keras builds it when tracing the first step
            return
        if iterator is not None:
            for _, _, batches in iterator:
                data_batch = keras.tree.map_structure(local_batch, next(batches))
                break
        with model.distribute_strategy.scope():
            model._symbolic_build(data_batch=data_batch)

    original_reduce = trainer.reduce_per_replica

    def reduce_per_replica(values, strategy, reduction):
        if reduction in ("auto", "mean") and trainer._collective_all_reduce_multi_worker(strategy):
            return keras.tree.map_structure(
                lambda value: strategy.reduce("MEAN", value, axis=None), values
            )
        return original_reduce(values, strategy, reduction)

    original_build = trainer.TensorFlowTrainer._maybe_symbolic_build
    trainer.TensorFlowTrainer._maybe_symbolic_build = maybe_symbolic_build
    trainer.reduce_per_replica = reduce_per_replica
    try:
        yield
    finally:
        trainer.TensorFlowTrainer._maybe_symbolic_build = original_build
        trainer.reduce_per_replica = original_reduce

"""Where one model trains: the default device, every local device, or every worker of a
cluster (`train_options.distribution`: none | mirrored | multi_worker).

- `none`: Keras' default device; nothing else is imported or created.
- `mirrored`: `tf.distribute.MirroredStrategy`, one replica per local GPU (the CPU when
  there is none); gradients are averaged over the replicas at every step.
- `multi_worker`: `tf.distribute.MultiWorkerMirroredStrategy` over the workers listed in
  `TF_CONFIG` (validated first, seq_pipeline/training/cluster.py); every worker runs the same
  `kedro run` and trains in lock-step, and only the chief writes (framework/hooks/run_identity.py).

Batch size: `train_options.batch_size` is the batch of one replica; a step trains on the
global batch `replicas × batch_size` (schedule.py), which Keras splits across the replicas.
The learning rate is not rescaled with the global batch. Seeds: every worker calls
`keras.utils.set_random_seed(seed)` with the run's one `seed`, so all replicas start from
the same weights and see the same shuffled order, each keeping its own share of each batch.

The model code stays Keras 3; only this module (with keras_fixes.py) imports TensorFlow,
and only when distribution is not `none`. Other Keras backends get a clear error: Keras'
own distribution API (`keras.distribution`, JAX only) is not wired in yet.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
from collections.abc import Iterator

import keras

from seq_pipeline.core.errors import ParameterError
from seq_pipeline.training.cluster import wait_for_peers, worker_role
from seq_pipeline.training.keras_fixes import keras_fixes

logger = logging.getLogger(__name__)

_replicas: contextvars.ContextVar[int] = contextvars.ContextVar("replicas", default=1)


@contextlib.contextmanager
def distribution_scope(distribution: str, peer_timeout_s: float = 600.0) -> Iterator[int]:
    """Build, compile and fit models inside this; yields the number of replicas in sync.

    `peer_timeout_s`: how long a multi-worker process waits for the other workers to join.
    """
    if distribution == "none":
        yield 1
        return
    strategy = _strategy(distribution, peer_timeout_s)
    replicas = int(strategy.num_replicas_in_sync)
    token = _replicas.set(replicas)
    try:
        with strategy.scope(), keras_fixes():
            yield replicas
    finally:
        _replicas.reset(token)


def replicas() -> int:
    """Replicas that train one model in sync here: 1 outside `distribution_scope`."""
    return _replicas.get()


def is_chief(distribution: str) -> bool:
    """Whether this process may write the run's outputs (every process but non-chief workers)."""
    return distribution != "multi_worker" or worker_role().is_chief


@functools.cache
def _strategy(distribution: str, peer_timeout_s: float = 600.0):
    """One strategy per process: MultiWorkerMirroredStrategy may be created only once."""
    backend = keras.backend.backend()
    if backend != "tensorflow":
        raise ParameterError(
            f"train_options.distribution {distribution!r} needs the TensorFlow Keras backend; "
            f"this process runs KERAS_BACKEND={backend!r}. Use distribution 'none' with "
            f"{backend!r}, or KERAS_BACKEND=tensorflow"
        )
    import tensorflow as tf  # noqa: PLC0415  only when training is distributed

    if distribution == "mirrored":
        strategy = tf.distribute.MirroredStrategy()
    elif distribution == "multi_worker":
        role = worker_role()  # a clear error for a missing or malformed TF_CONFIG
        # TensorFlow waits for an absent worker without a word or a limit (holding the GIL),
        # so the workers first find each other here, where waiting can log and give up.
        wait_for_peers(peer_timeout_s)
        strategy = tf.distribute.MultiWorkerMirroredStrategy()
        logger.info("Multi-worker training as %s", role)
    else:
        raise ParameterError(
            f"train_options.distribution {distribution!r} is not one of none, mirrored, "
            "multi_worker"
        )
    logger.info(
        "Training with %s: %d replica(s) in sync",
        type(strategy).__name__,
        strategy.num_replicas_in_sync,
    )
    return strategy

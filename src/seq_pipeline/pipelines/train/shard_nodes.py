"""Train on shards: the in-memory train nodes' results for data larger than memory.

The scaler comes from one streaming pass over the training rows (the same statistics as
`fit_scaler`, merged shard by shard); the model from the same `fit_architecture`, fed by
`ShardBatches` instead of arrays. Keras is imported only inside `train_model_from_shards`.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from seq_pipeline.core.errors import ParameterError
from seq_pipeline.core.parameters import check_seed
from seq_pipeline.core.preprocessing import scaler_record, stream_scaling_stats
from seq_pipeline.core.shard_rows import selected_rows
from seq_pipeline.core.shards import Shards
from seq_pipeline.pipelines.train.nodes import training_summary
from seq_pipeline.pipelines.train.options import TrainOptions
from seq_pipeline.training.inputs import ShardInputs

logger = logging.getLogger(__name__)

# A shard whose positive rate is this far from the overall one makes its batches lopsided.
LABEL_SPREAD_WARNING = 0.25


def fit_scaler_from_shards(shards: Shards, split: dict[str, np.ndarray]) -> dict[str, Any]:
    """`fit_scaler` in one pass over the shards, holding one shard's training rows at a time."""
    chunks = (
        (arrays["X"], arrays["mask"])
        for _, arrays in selected_rows(shards, split["train"], ("X", "mask"))
    )
    names = shards.shard(0, ("feature_names",))["feature_names"]
    return scaler_record(names, stream_scaling_stats(chunks), len(split["train"]))


def train_model_from_shards(
    shards: Shards,
    split: dict[str, np.ndarray],
    scaler: dict[str, Any],
    options: TrainOptions,
    seed: int,
) -> tuple[Any, dict[str, Any]]:
    """`train_model` with batches streamed from the shards: memory does not grow with N."""
    seed = check_seed(seed)
    if options.architecture == "auto":
        # Every candidate and fold would train on all the data: out of any time budget.
        raise ParameterError(
            "train_options.architecture: 'auto' is not available when training on shards "
            "(each candidate and cross-validation fold would stream every sequence); set "
            "architecture to one of bilstm, lstm_fcn, inception — e.g. the one `auto` "
            "chooses on an in-memory sample of the data."
        )
    if options.distribution != "none":
        # Untested: how a strategy splits a PyDataset across replicas and workers.
        raise ParameterError(
            f"train_options.distribution: '{options.distribution}' is not available when "
            "training on shards yet; use 'none' (one process streams the shards), or train "
            "on tensors in memory (docs/cluster.md)."
        )
    from seq_pipeline.training.fit import fit_architecture  # noqa: PLC0415

    data = ShardInputs(shards)
    spread = data.label_spread(split["train"])
    if spread > LABEL_SPREAD_WARNING:
        logger.warning(
            "A shard's positive rate differs from the overall one by %.2f: batches mix rows "
            "of one shard at a time, so they will be lopsided; write shards in random order",
            spread,
        )
    model, record = fit_architecture(
        options.architecture,
        data,
        split["train"],
        split["val"],
        scaler,
        options,
        seed,
        tensorboard=True,
    )
    return model, training_summary(record, None, data, split, options, seed)

"""Typed `train_options`: the architecture, where it trains, and the engine's options.

The engine's parts each read their own slice (`training.options`); this block adds the
choice of architecture (a registered name or `auto`) and of distribution.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from seq_pipeline.models.registry import architecture as registered
from seq_pipeline.models.registry import names
from seq_pipeline.training.options import AutoOptions


class TrainOptions(AutoOptions):
    """Architecture, model sizes, the training schedule, `auto`'s plan and the distribution."""

    # A registered architecture (models/registry.py) or `auto`: choose among auto_candidates.
    architecture: str = "bilstm"
    # none: Keras' default device; mirrored: every local device; multi_worker: every worker
    # of TF_CONFIG (training/distribute.py, docs/cluster.md). batch_size is per replica.
    distribution: Literal["none", "mirrored", "multi_worker"] = "none"
    # multi_worker: seconds to wait for every worker of TF_CONFIG to join before failing.
    peer_timeout_s: float = Field(default=600.0, gt=0)

    @field_validator("architecture")
    @classmethod
    def _known(cls, name: str) -> str:
        if name != "auto":
            registered(name)
        return name

    @model_validator(mode="after")
    def _workers_can_agree(self) -> TrainOptions:
        # `auto` stops on each process's own clock; workers in lock-step cannot.
        if self.distribution == "multi_worker" and self.architecture == "auto":
            raise ValueError(
                "train_options.architecture 'auto' cannot train with distribution "
                "'multi_worker': its time budget is measured by each worker's own clock, so "
                "workers would stop at different epochs; choose an architecture "
                f"({', '.join(names())}) or distribution 'mirrored'"
            )
        return self

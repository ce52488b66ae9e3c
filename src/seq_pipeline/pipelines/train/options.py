"""Typed `train_options`: architecture, sizes, the adaptive schedule and `auto` selection.

The Python defaults keep the fixed schedule of the original script (no minimum steps, fixed
batch, constant learning rate), so options built in code train exactly as before;
`conf/base/parameters_train.yml` switches adaptation on for `kedro run`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Architecture = Literal["bilstm", "lstm_fcn", "inception"]


class LstmFcnSizes(BaseModel):
    """LSTM-FCN sizes (Karim et al. 2018 use 8–128 LSTM cells, dropout 0.8, 128/256/128)."""

    model_config = ConfigDict(extra="forbid")

    lstm_units: int = Field(default=8, gt=0)
    lstm_dropout: float = Field(default=0.8, ge=0, lt=1)
    filters: list[int] = Field(default=[128, 256, 128], min_length=1)
    kernel_sizes: list[int] = Field(default=[8, 5, 3], min_length=1)


class InceptionSizes(BaseModel):
    """InceptionTime sizes (Ismail Fawaz et al. 2020: 32 filters, depth 6, kernels 40/20/10)."""

    model_config = ConfigDict(extra="forbid")

    filters: int = Field(default=32, gt=0)
    depth: int = Field(default=6, gt=0)
    kernel_sizes: list[int] = Field(default=[40, 20, 10], min_length=1)
    bottleneck: int = Field(default=32, ge=0)


class TrainOptions(BaseModel):
    """Architecture, model sizes and the training schedule."""

    model_config = ConfigDict(extra="forbid")

    architecture: Literal["bilstm", "lstm_fcn", "inception", "auto"] = "bilstm"
    scale_features: bool = True
    # bilstm sizes (top level, as in the practitioner's script)
    lstm_units: int = Field(default=128, gt=0)
    dense_units: int = Field(default=50, gt=0)
    dropout: float = Field(default=0.0, ge=0, lt=1)
    lstm_fcn: LstmFcnSizes = LstmFcnSizes()
    inception: InceptionSizes = InceptionSizes()
    # schedule
    learning_rate: float = Field(default=1e-3, gt=0)
    # sqrt: `learning_rate` is Adam's rate at `min_batch_size`; a larger batch scales it by
    # sqrt(batch / min_batch_size) (schedule.py). none: `learning_rate` at every batch size.
    learning_rate_scaling: Literal["none", "sqrt"] = "none"
    # Cap on each gradient's norm; None: no clipping (the original script's optimizer).
    gradient_clip_norm: float | None = Field(default=None, gt=0)
    # Undo an epoch whose training loss diverges (rollback.py); False: the original script.
    divergence_rollback: bool = False
    batch_size: int = Field(default=64, gt=0)
    adaptive_batch_size: bool = False
    min_batch_size: int = Field(default=8, gt=0)
    epochs: int = Field(default=40, gt=0)
    min_steps: int = Field(default=0, ge=0)
    lr_schedule: Literal["none", "plateau", "cosine"] = "none"
    early_stopping_patience: int | None = Field(default=6, ge=0)
    # Cap on that patience in gradient updates (rounded up to whole epochs); None: no cap.
    early_stopping_max_steps: int | None = Field(default=None, ge=1)
    # Fewer validation sequences: early stopping watches the training loss, and `auto`
    # chooses by cross-validation.
    min_val_sequences: int = Field(default=0, ge=0)
    class_weight: Literal["auto", "balanced", "none"] = "auto"
    # architecture: auto
    auto_candidates: list[Architecture] = Field(
        default=["bilstm", "lstm_fcn", "inception"], min_length=1
    )
    auto_time_budget_s: float = Field(default=600.0, gt=0)
    auto_cv_folds: int = Field(default=3, ge=2)
    tensorboard_dir: str | None = None
    verbose: Literal[0, 1, 2] = 2
    # none: Keras' default device; mirrored: every local device; multi_worker: every worker
    # of TF_CONFIG (distribution.py, docs/cluster.md). batch_size is per replica.
    distribution: Literal["none", "mirrored", "multi_worker"] = "none"
    # multi_worker: seconds to wait for every worker of TF_CONFIG to join before failing.
    peer_timeout_s: float = Field(default=600.0, gt=0)

    @model_validator(mode="after")
    def _workers_can_agree(self) -> TrainOptions:
        # `auto` stops on each process's own clock; workers in lock-step cannot.
        if self.distribution == "multi_worker" and self.architecture == "auto":
            raise ValueError(
                "train_options.architecture 'auto' cannot train with distribution "
                "'multi_worker': its time budget is measured by each worker's own clock, so "
                "workers would stop at different epochs; choose an architecture "
                f"({', '.join(Architecture.__args__)}) or distribution 'mirrored'"
            )
        return self

    def sizes(self, architecture: str) -> dict[str, Any]:
        """Keyword arguments for `seq_pipeline.models.build_model(architecture, ...)`."""
        if architecture == "bilstm":
            return {
                "lstm_units": self.lstm_units,
                "dense_units": self.dense_units,
                "dropout": self.dropout,
            }
        if architecture == "lstm_fcn":
            return self.lstm_fcn.model_dump()
        if architecture == "inception":
            return self.inception.model_dump()
        raise ValueError(f"No sizes for architecture {architecture!r}")

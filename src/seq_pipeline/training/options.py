"""What each part of the training engine reads from `train_options`, and nothing more.

`ScheduleOptions` plans epochs, batches and the learning rate (`schedule`), `FitOptions` adds
what one fit needs (`fit`: sizes, scaling, class weights, callbacks), `SelectionOptions` is
`auto`'s plan (`selection`, `auto`). The train stage's `TrainOptions` is all three plus the
choice of architecture and distribution, so the YAML block stays flat.

The Python defaults are a plain fixed schedule (no minimum steps, fixed batch, constant
learning rate); `conf/base/parameters_train.yml` switches adaptation on for `kedro run`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from seq_pipeline.core.parameters import Options
from seq_pipeline.models.registry import (
    InceptionSizes,
    LstmFcnSizes,
    MiniRocketSizes,
    architecture,
    names,
)


class ScheduleOptions(Options):
    """Epochs, batch size, learning rate and early stopping, before adapting to the data size."""

    model_config = ConfigDict(extra="forbid")

    learning_rate: float = Field(default=1e-3, gt=0)
    # sqrt: `learning_rate` is Adam's rate at `min_batch_size`; a larger batch scales it by
    # sqrt(batch / min_batch_size) (schedule.py). none: `learning_rate` at every batch size.
    learning_rate_scaling: Literal["none", "sqrt"] = "none"
    batch_size: int = Field(default=64, gt=0)
    adaptive_batch_size: bool = False
    min_batch_size: int = Field(default=8, gt=0)
    epochs: int = Field(default=40, gt=0)
    min_steps: int = Field(default=0, ge=0)
    lr_schedule: Literal["none", "plateau", "cosine"] = "none"
    early_stopping_patience: int | None = Field(default=6, ge=0)
    # Which validated weights early stopping keeps: the best of any epoch, or the best after
    # `min_epochs` only. Either way it never stops before `min_epochs` (callbacks.py).
    keep_best_from: Literal["any_epoch", "min_epochs"] = "any_epoch"
    # Cap on that patience in gradient updates (rounded up to whole epochs); None: no cap.
    early_stopping_max_steps: int | None = Field(default=None, ge=1)
    # Fewer validation sequences: early stopping watches the training loss, and `auto`
    # chooses by cross-validation.
    min_val_sequences: int = Field(default=0, ge=0)


class ModelSizes(Options):
    """Each registered architecture's sizes, where `train_options` keeps them."""

    model_config = ConfigDict(extra="forbid")

    # The BiLSTM's sizes sit at the top level of train_options (models/registry.py).
    lstm_units: int = Field(default=128, gt=0)
    dense_units: int = Field(default=50, gt=0)
    dropout: float = Field(default=0.0, ge=0, lt=1)
    lstm_fcn: LstmFcnSizes = LstmFcnSizes()
    inception: InceptionSizes = InceptionSizes()
    minirocket: MiniRocketSizes = MiniRocketSizes()

    def sizes(self, name: str) -> dict[str, Any]:
        """Keyword arguments for `seq_pipeline.models.build_model(name, ...)`."""
        entry = architecture(name)
        if entry.options_key is None:
            given = self.model_dump(include=set(entry.sizes.model_fields))
        else:
            # An architecture registered without a train_options field trains at its defaults.
            given = getattr(self, entry.options_key, None) or {}
        return entry.sizes.model_validate(
            given.model_dump() if isinstance(given, BaseModel) else given
        ).model_dump()


class FitOptions(ScheduleOptions, ModelSizes):
    """One fit: the schedule, the model's sizes and how its inputs and losses are treated."""

    scale_features: bool = True
    # Cap on each gradient's norm; None: no clipping.
    gradient_clip_norm: float | None = Field(default=None, gt=0)
    # Undo an epoch whose training loss diverges (rollback.py).
    divergence_rollback: bool = False
    class_weight: Literal["auto", "balanced", "none"] = "auto"
    tensorboard_dir: str | None = None
    verbose: Literal[0, 1, 2] = 2


class SelectionOptions(Options):
    """`architecture: auto`: the candidates, the folds and the safety cap of the choice."""

    model_config = ConfigDict(extra="forbid")

    auto_candidates: list[str] = Field(default_factory=lambda: list(names()), min_length=1)
    # Each candidate's screening fit: this many gradient steps (whole epochs, rounded up),
    # a budget of work rather than seconds, so a busy machine chooses what a quiet one does.
    auto_candidate_steps: int = Field(default=60, ge=1)
    auto_time_budget_s: float = Field(default=600.0, gt=0)
    auto_cv_folds: int = Field(default=3, ge=2)

    @field_validator("auto_candidates")
    @classmethod
    def _registered(cls, candidates: list[str]) -> list[str]:
        for name in candidates:
            architecture(name)
        return candidates


class AutoOptions(FitOptions, SelectionOptions):
    """Everything `auto` reads: each candidate's fit and the plan of the choice."""

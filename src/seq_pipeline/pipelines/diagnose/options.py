"""The diagnosis' options: baselines, resampling sizes, training-health and verdict thresholds."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from seq_pipeline.core.parameters import Options

Baseline = Literal["majority", "logistic_flat", "summary_gbm", "minirocket"]


class DiagnoseOptions(Options):
    """Baseline set, resampling sizes, training-health thresholds and verdict rules."""

    model_config = ConfigDict(extra="forbid")

    baselines: list[Baseline] = Field(default=["majority", "logistic_flat", "summary_gbm"])
    max_train_rows: int = Field(default=50_000, gt=0)
    n_bootstrap: int = Field(default=1000, gt=0)
    significance: float = Field(default=0.05, gt=0, lt=1)
    n_permutations: int = Field(default=199, gt=0)
    permutation_max_features: int = Field(default=2048, gt=0)
    ridge: float = Field(default=1.0, gt=0)
    collapse_std: float = Field(default=1e-3, ge=0)
    loss_drop_min: float = Field(default=0.02, ge=0)
    overfit_gap: float = Field(default=0.1, ge=0)
    model_fails_margin: float = Field(default=0.05, ge=0)
    imbalance_accuracy_margin: float = Field(default=0.02, ge=0)
    leak_duplicate_fraction: float = Field(default=0.001, ge=0)
    perfect_score: float = Field(default=0.999, gt=0.5, le=1)
    max_interval_width: float = Field(default=0.25, gt=0, le=1)
    min_test_per_class: int = Field(default=10, ge=1)
    power: float = Field(default=0.8, gt=0.5, lt=1)
    shortcut_margin: float = Field(default=0.02, ge=0)

"""Typed `audit_options`: the thresholds at which each data check raises its flag."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from seq_pipeline.core.parameters import Options


class AuditOptions(Options):
    """Thresholds at which a data check raises its flag."""

    model_config = ConfigDict(extra="forbid")

    scale_ratio_max: float = Field(default=100.0, gt=1)
    offset_ratio: float = Field(default=10.0, gt=0)
    imbalance_minority_share: float = Field(default=0.2, gt=0, le=0.5)
    constant_value_share: float = Field(default=0.99, gt=0, le=1)
    missing_fraction_max: float = Field(default=0.5, ge=0, le=1)
    label_order_z: float = Field(default=5.0, gt=0)
    duplicate_tolerance: float = Field(default=1e-3, ge=0)
    duplicate_max_rows: int = Field(default=5000, gt=0)
    near_copy_ratio: float = Field(default=0.2, gt=0, le=1)
    near_copy_share: float = Field(default=0.05, ge=0, lt=1)
    near_copy_min_count: int = Field(default=3, ge=1)
    near_copy_rank: int = Field(default=10, ge=1)
    neighbour_max_train_rows: int = Field(default=20_000, gt=0)
    check_max_rows: int = Field(default=2000, gt=0)
    shift_significance: float = Field(default=0.05, gt=0, lt=1)
    shift_auc_min: float = Field(default=0.6, ge=0.5, le=1)
    shift_permutations: int = Field(default=199, gt=0)
    shortcut_max_rows: int = Field(default=2000, gt=0)
    shortcut_permutations: int = Field(default=99, gt=0)
    shortcut_folds: int = Field(default=5, ge=2)
    shortcut_bins: int = Field(default=32, ge=2)
    shortcut_significance: float = Field(default=0.05, gt=0, lt=1)
    leak_solo_min: float = Field(default=0.95, gt=0.5, le=1)
    leak_others_max: float = Field(default=0.7, ge=0.5, le=1)
    static_within_share: float = Field(default=0.05, ge=0, lt=1)
    ramp_min_correlation: float = Field(default=0.99, gt=0, le=1)
    length_solo_min: float = Field(default=0.6, gt=0.5, le=1)

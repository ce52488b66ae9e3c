"""Audit: named data findings computed after the split and before any model is trained.

The findings are for reporting and for the diagnosis; they never feed the model.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from seq_pipeline.core.findings import Finding
from seq_pipeline.pipelines.audit import checks
from seq_pipeline.pipelines.audit.leakage import near_copies
from seq_pipeline.pipelines.audit.shift import distribution_shift
from seq_pipeline.pipelines.audit.shortcuts import shortcut_findings

logger = logging.getLogger(__name__)


class AuditOptions(BaseModel):
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


def audit_data(
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    options: AuditOptions,
    seed: int = 0,
) -> dict[str, Any]:
    """Named data findings (scales, balance, order, leaks, shift, shortcuts) before training."""
    x, mask, y = sequences["X"], sequences["mask"], sequences["y"]
    names = sequences["feature_names"].tolist()
    o = options
    found = {
        Finding.FEATURE_SCALE: checks.feature_scale(
            x, mask, names, o.scale_ratio_max, o.offset_ratio
        ),
        Finding.LABEL_BALANCE: checks.label_balance(y, split, o.imbalance_minority_share),
        Finding.CONSTANT_FEATURES: checks.constant_features(x, mask, names, o.constant_value_share),
        Finding.MISSING_STEPS: checks.missing_steps(x, mask, names, o.missing_fraction_max),
        Finding.LABEL_ORDER: checks.label_order(y, o.label_order_z),
        Finding.SPLIT_DUPLICATES: checks.split_overlap(
            x=x,
            mask=mask,
            y=y,
            split=split,
            tolerance=o.duplicate_tolerance,
            max_rows=o.duplicate_max_rows,
            seed=seed,
        ),
        Finding.NEAR_COPIES: near_copy_finding(sequences, split, o, seed),
        Finding.GROUP_OVERLAP: checks.group_overlap(sequences.get("group"), split),
        Finding.DISTRIBUTION_SHIFT: shift_finding(sequences, split, o, seed),
        **shortcut_findings(sequences, split, o, seed),
    }
    # Plain string keys: the artifact is JSON, and a member equals its string anyway.
    findings = {name.value: result for name, result in found.items()}
    for name, result in findings.items():
        if result["flag"]:
            logger.warning("Data check '%s': %s", name, result["summary"])
    return {"n_sequences": len(y), "shape": list(x.shape), "findings": findings}


def near_copy_finding(sequences: dict, split: dict, options: AuditOptions, seed: int) -> dict:
    """Held-out sequences much closer to a training one than training ones are to each other."""
    return near_copies(
        sequences=sequences,
        split=split,
        ratio=options.near_copy_ratio,
        share_max=options.near_copy_share,
        min_count=options.near_copy_min_count,
        rank=options.near_copy_rank,
        max_train_rows=options.neighbour_max_train_rows,
        max_rows=options.check_max_rows,
        seed=seed,
    )


def shift_finding(sequences: dict, split: dict, options: AuditOptions, seed: int) -> dict:
    """Whether a user-given test split differs from train, and which features moved how."""
    return distribution_shift(
        sequences=sequences,
        split=split,
        significance=options.shift_significance,
        auc_min=options.shift_auc_min,
        n_permutations=options.shift_permutations,
        max_rows=options.check_max_rows,
        seed=seed,
    )

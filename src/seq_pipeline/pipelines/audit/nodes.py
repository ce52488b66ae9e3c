"""Audit: named data findings computed after the split and before any model is trained.

The findings are for reporting and for the diagnosis; they never feed the model.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from seq_pipeline.core.findings import Finding
from seq_pipeline.pipelines.audit import checks
from seq_pipeline.pipelines.audit.leakage import near_copies
from seq_pipeline.pipelines.audit.options import AuditOptions
from seq_pipeline.pipelines.audit.shift import distribution_shift
from seq_pipeline.pipelines.audit.shortcuts import shortcut_findings

logger = logging.getLogger(__name__)


def audit_data(
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    options: AuditOptions,
    seed: int = 0,
    scale_features: bool = False,
) -> dict[str, Any]:
    """Named data findings (scales, balance, order, leaks, shift, shortcuts) before training.

    `scale_features` (train_options): whether the model standardizes its inputs, which makes
    a scale difference a note rather than a warning."""
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
        if not result["flag"]:
            continue
        if name == "feature_scale" and scale_features:
            logger.info(
                "Data check '%s' (a note: harmless, the model standardizes its inputs): %s",
                name,
                result["summary"],
            )
        else:
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

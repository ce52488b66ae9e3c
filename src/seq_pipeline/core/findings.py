"""The names of the audit's data findings: one list for the audit, the diagnosis and the report.

Each member is also its string (`Finding.NEAR_COPIES == "near_copies"`), so the JSON artifacts
keep plain string keys and a finding read back from `data_audit.json` is found by its member.
"""

from __future__ import annotations

from enum import Enum


class Finding(str, Enum):
    """A named data check of the audit stage, in the order the audit runs them."""

    FEATURE_SCALE = "feature_scale"
    LABEL_BALANCE = "label_balance"
    CONSTANT_FEATURES = "constant_features"
    MISSING_STEPS = "missing_steps"
    LABEL_ORDER = "label_order"
    SPLIT_DUPLICATES = "split_duplicates"
    NEAR_COPIES = "near_copies"
    GROUP_OVERLAP = "group_overlap"
    DISTRIBUTION_SHIFT = "distribution_shift"
    LEAKY_COLUMN = "leaky_column"
    IDENTIFIER_LEAK = "identifier_leak"
    LENGTH_SHORTCUT = "length_shortcut"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

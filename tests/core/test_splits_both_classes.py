"""Every split must hold both classes: the refusals name the file, the user's label column,
the counts per class and per split, and the fix that fits (given split or carved one)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from seq_pipeline.core.errors import RawInputError
from seq_pipeline.core.splits import SplitOptions, split_sequences

MAPPING = {"mapping": {"no": 0, "yes": 1}}
REPORT = {"source": "visits.csv", "columns": {"label": "outcome", "group": "patient"}}


def refusal(sequences: dict, options: SplitOptions) -> str:
    with pytest.raises(RawInputError) as info:
        split_sequences(sequences, options, seed=0, label_mapping=MAPPING, report=REPORT)
    return str(info.value)


def test_given_test_split_of_one_class_is_refused_with_counts_per_split():
    y = np.array([0, 1] * 4 + [0] * 4, dtype=np.int8)
    split = np.array(["train"] * 6 + ["val"] * 2 + ["test"] * 4)
    assert refusal({"y": y, "split": split}, SplitOptions()) == (
        "visits.csv: column 'outcome': split(s) ['test'] would not hold both classes "
        "(sequences per class: {'no': 8, 'yes': 4}; per split: train: {'no': 3, 'yes': 3}; "
        "val: {'no': 1, 'yes': 1}; test: {'no': 4}). "
        "Give every split of the `split` column sequences of both classes"
    )


def test_carved_split_without_the_rare_class_says_how_many_are_needed():
    # 3 positives over three splits at 15 %: the carved test split gets none (any seed).
    y = np.array([0] * 497 + [1] * 3, dtype=np.int8)
    message = refusal({"y": y}, SplitOptions(val_fraction=0.15, test_fraction=0.15))
    assert message == (
        "visits.csv: column 'outcome': split(s) ['test'] would not hold both classes "
        "(sequences per class: {'no': 497, 'yes': 3}; per split: train: {'no': 348, 'yes': 2}; "
        "val: {'no': 74, 'yes': 1}; test: {'no': 75}). With val_fraction=0.15 and "
        "test_fraction=0.15 each class needs about 7 sequences or more; add sequences of the "
        "rare class, raise the fractions, or give the split explicitly"
    )
    # The need follows the smaller fraction: ceil(1 / 0.1) = 10.
    fewer = refusal({"y": y}, SplitOptions(val_fraction=0.3, test_fraction=0.1))
    assert re.search(r"each class needs about 10 sequences or more", fewer)


def test_groups_that_each_hold_one_class_cannot_be_carved():
    y = np.array([0] * 5 + [1] * 5, dtype=np.int8)
    groups = np.array(["a"] * 5 + ["b"] * 5)
    assert refusal({"y": y, "group": groups}, SplitOptions(test_fraction=0.45)) == (
        "visits.csv: column 'outcome': too few sequences per class to carve a stratified "
        "'test' split (sequences per class: {'no': 5, 'yes': 5}): groups hold a single class "
        "each. Add sequences, lower the split fractions, or give the split explicitly"
    )

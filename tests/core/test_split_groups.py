"""Split names per sequence, and the groups that sit in more than one split."""

from __future__ import annotations

import numpy as np

from seq_pipeline.core.preprocessing import scaler_record
from seq_pipeline.core.splits import shared_groups, split_names


def test_each_sequence_is_named_by_its_split_and_the_rest_are_empty():
    split = {"train": np.array([0, 3]), "test": np.array([1])}
    names = split_names(4, split)
    assert names.tolist() == ["train", "test", "", "train"]
    assert names.dtype.kind == "U"


def test_groups_shared_by_any_pair_of_splits_are_all_found():
    groups = np.array(["p1", "p2", "p1", "p3", "p2", "p4"])
    # train/val share p1; val/test share nothing; train/test share p2.
    split = {"train": np.array([0, 1]), "val": np.array([2, 3]), "test": np.array([4, 5])}
    assert shared_groups(groups, split) == ["p1", "p2"]


def test_the_scaler_record_names_its_training_counts():
    stats = {"mean": np.array([1.0]), "std": np.array([2.0]), "n_steps": 30}
    assert scaler_record(["a"], stats, 10) == {
        "feature_names": ["a"],
        "mean": [1.0],
        "std": [2.0],
        "n_train_sequences": 10,
        "n_train_steps": 30,
    }

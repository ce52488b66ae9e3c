"""Which label is positive: the configured one, else a conventional name, else the last.

Most tests elsewhere use labels from the conventional-name list, so the last fallback (no
conventional name among the labels) is pinned here, directly and through the normalize and
shard nodes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from seq_pipeline.core.labels import (
    POSITIVE_NAMES,
    choose_positive,
    class_counts,
    label_key,
    mapping_from_counts,
)
from seq_pipeline.core.tensors import NormalizeOptions
from seq_pipeline.pipelines.normalize.nodes import encode_labels
from seq_pipeline.pipelines.shard.nodes import encode_part_labels


def long_table(labels: list) -> pd.DataFrame:
    """Two steps per sequence, one label each, in the given (unsorted) order."""
    n = len(labels)
    return pd.DataFrame(
        {
            "sequence_id": np.repeat([f"s{i}" for i in range(n)], 2),
            "timestep": np.tile([0, 1], n),
            "a": np.arange(2.0 * n),
            "label": np.repeat(np.array(labels, dtype=object), 2),
        }
    )


@pytest.mark.parametrize(
    ("values", "positive"),
    [
        (["cat", "dog"], "dog"),
        (["alpha", "beta"], "beta"),
        (["2", "5"], "5"),
        (["A", "b"], "b"),  # code-point order: upper case sorts first
    ],
)
def test_without_a_conventional_name_the_label_that_sorts_last_is_positive(values, positive):
    assert not {v.lower() for v in values} & set(POSITIVE_NAMES)
    assert choose_positive(values, None) == positive


@pytest.mark.parametrize(
    ("values", "positive"),
    [
        (["no", "yes"], "yes"),
        (["Fault", "ok"], "Fault"),  # case-insensitive, and wins although it sorts first
        (["anomaly", "zzz"], "anomaly"),
        (["positive", "yes"], "yes"),  # both conventional: the earlier name in the list wins
        (["0", "1"], "1"),
    ],
)
def test_a_conventional_name_wins_over_the_sort_order(values, positive):
    assert choose_positive(values, None) == positive


def test_a_configured_positive_label_wins_over_names_and_order():
    assert choose_positive(["no", "yes"], "no") == "no"
    assert choose_positive(["cat", "dog"], "cat") == "cat"
    assert choose_positive(["0", "1"], 0) == "0"


def test_the_fallback_through_the_normalize_node_whatever_the_row_order():
    for labels in (["dog", "cat", "dog"], ["cat", "dog", "cat"]):
        mapping = encode_labels(long_table(labels), NormalizeOptions())
        assert mapping["positive"] == "dog"
        assert mapping["negative"] == "cat"
        assert mapping["mapping"] == {"cat": 0, "dog": 1}


def test_the_fallback_through_the_shard_node_from_summed_counts():
    scan = {"label_counts": {"dog": 4, "cat": 7}, "columns": {}, "source": "parts/"}
    mapping = encode_part_labels(scan, NormalizeOptions())
    assert (mapping["positive"], mapping["negative"]) == ("dog", "cat")
    assert mapping["counts"] == {"cat": 7, "dog": 4}


def test_mapping_from_counts_falls_back_on_the_sorted_counts():
    counts = class_counts(long_table(["cat", "dog", "dog"]))
    assert counts.index.tolist() == ["cat", "dog"]
    mapping = mapping_from_counts(counts, None, "raw.csv", "label")
    assert mapping["mapping"] == {"cat": 0, "dog": 1}


@pytest.mark.parametrize(
    ("value", "key"),
    [(1, "1"), (1.0, "1"), ("1", "1"), (True, "True"), (np.bool_(False), "False"), (2.5, "2.5")],
)
def test_label_keys_name_one_class_per_value(value, key):
    # A bool is an int in Python; it must still read as True/False, not 1/0.
    assert label_key(value) == key

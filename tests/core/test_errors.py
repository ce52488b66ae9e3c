"""How every input error is worded: examples listed and counted, file, column and hint."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.core.errors import MAX_EXAMPLES, examples, input_error


@pytest.mark.parametrize(
    ("n", "tail"), [(MAX_EXAMPLES - 1, ""), (MAX_EXAMPLES, ""), (MAX_EXAMPLES + 1, " (+1 more)")]
)
def test_examples_count_the_rest_only_past_the_limit(n, tail):
    text = examples(range(n))
    assert text == f"[{', '.join(str(i) for i in range(min(n, MAX_EXAMPLES)))}]{tail}"


def test_examples_show_each_value_once_in_first_seen_order():
    assert examples(["b", "a", "b", "c", "a"], limit=2) == "['b', 'a'] (+1 more)"


def test_unhashable_values_are_told_apart_by_their_repr():
    assert examples([[1], [1], [2], {"k": 1}]) == "[[1], [2], {'k': 1}]"


def test_numpy_scalars_read_as_plain_values():
    assert examples([np.str_("a"), np.int64(3), np.float64(0.5)]) == "['a', 3, 0.5]"


def test_an_error_names_file_column_problem_and_hint():
    error = input_error("in.csv", "label", "3 classes found", "Map them to two")
    assert str(error) == "in.csv: column 'label': 3 classes found. Map them to two"


def test_without_a_column_or_a_hint_nothing_is_added():
    assert str(input_error("in.csv", None, "empty file")) == "in.csv: empty file"
    assert str(input_error("in.csv", "", "empty file", "")) == "in.csv: empty file"


def test_equal_values_of_different_types_are_one_example():
    # Hashing merges 1, 1.0 and True (as the label keys do); their reprs would not.
    assert examples([1, 1.0, True]) == "[1]"

"""The label mapping's refusals and logs, word for word, and where they take file and column."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from seq_pipeline.core.columns import ID, LABEL, TIME
from seq_pipeline.core.errors import RawInputError
from seq_pipeline.core.labels import (
    build_mapping,
    encode_y,
    mapping_from_counts,
    warn_stripped_labels,
)


def _counts(**counts):
    return pd.Series(counts)


def test_one_class_is_refused_with_its_count_and_the_need():
    with pytest.raises(RawInputError) as error:
        mapping_from_counts(_counts(a=3), None, "in.csv", "target")
    assert str(error.value) == (
        "in.csv: column 'target': only one class found ('a': 3 sequences). "
        "Binary classification needs sequences of two classes"
    )


def test_three_classes_are_refused_with_their_counts_and_the_fix():
    with pytest.raises(RawInputError) as error:
        mapping_from_counts(_counts(a=1, b=2, c=3), None, "in.csv", "target")
    assert str(error.value) == (
        "in.csv: column 'target': 3 classes found ('a': 1, 'b': 2, 'c': 3 sequences). "
        "Binary classification needs exactly two; map or filter the labels first"
    )


def test_a_positive_label_that_is_not_a_label_names_the_labels_and_how_to_quote():
    with pytest.raises(RawInputError) as error:
        mapping_from_counts(_counts(no=1, yes=2), "maybe", "in.csv", "target")
    assert str(error.value) == (
        "in.csv: column 'target': positive_label 'maybe' is not one of the labels "
        "['no', 'yes']. Set normalize_options.positive_label to one of them (quote it in "
        'YAML, e.g. positive_label: "yes", since YAML reads yes/no/on/off as booleans)'
    )


def test_the_configured_positive_label_is_used_and_the_mapping_logged(caplog):
    with caplog.at_level(logging.INFO, logger="seq_pipeline.core.labels"):
        mapping = mapping_from_counts(_counts(no=1, yes=2), "no", "in.csv", "target")
    assert mapping == {
        "positive": "no",
        "negative": "yes",
        "mapping": {"yes": 0, "no": 1},
        "counts": {"no": 1, "yes": 2},
    }
    assert caplog.messages == ["Labels: 'no' → 1 (positive), 'yes' → 0 ('no': 1, 'yes': 2)"]


def _table(labels, source="attrs.csv"):
    table = pd.DataFrame(
        {ID: [f"s{i}" for i in range(len(labels))], TIME: 0, "v": 0.0, LABEL: labels}
    )
    table.attrs["source"] = source
    return table


def test_build_mapping_names_the_reports_file_and_the_users_column():
    report = {"source": "in.csv", "columns": {LABEL: "target"}}
    with pytest.raises(RawInputError, match=r"^in\.csv: column 'target': only one class"):
        build_mapping(_table(["a", "a"]), None, report)
    with pytest.raises(RawInputError, match=r"^attrs\.csv: column 'label': only one class"):
        build_mapping(_table(["a", "a"]), None, None)
    assert build_mapping(_table(["x", "y"]), "x", report)["positive"] == "x"


def test_padded_labels_are_named_with_what_they_become_and_what_they_merge_with(caplog):
    labels = pd.Series(["yes ", "yes", " no"])
    with caplog.at_level(logging.WARNING, logger="seq_pipeline.core.labels"):
        warn_stripped_labels(labels, "in.csv", "target")
    assert caplog.messages == [
        "in.csv: column 'target': label(s) ['yes ', ' no'] have leading or trailing "
        "whitespace; compared without it as ['yes', 'no'], merged with the label(s) ['yes'] "
        "written without it."
    ]


def test_padding_that_merges_nothing_says_only_what_it_becomes(caplog):
    with caplog.at_level(logging.WARNING, logger="seq_pipeline.core.labels"):
        warn_stripped_labels(pd.Series(["a ", "b"]), "in.csv", "target")
    assert caplog.messages[0].endswith("compared without it as ['a'].")


def test_an_unseen_label_names_the_training_mapping():
    mapping = {"mapping": {"no": 0, "yes": 1}}
    with pytest.raises(RawInputError) as error:
        encode_y(pd.Series(["yes", "maybe"]), mapping, "new.csv", "target")
    assert str(error.value) == (
        "new.csv: column 'target': label(s) ['maybe'] are not in the training label "
        "mapping ['no', 'yes']"
    )
    assert encode_y(pd.Series(["yes", " no"]), mapping, "new.csv", "target").tolist() == [1, 0]


def test_labels_are_encoded_as_int8():
    mapping = {"mapping": {"no": 0, "yes": 1}}
    assert encode_y(pd.Series(["yes"]), mapping, "in.csv", "target").dtype == np.int8

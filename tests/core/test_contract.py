"""The model contract: what it records, and the feature check inference relies on."""

from __future__ import annotations

import pytest

from seq_pipeline.core.contract import check_features, describe_model_inputs
from seq_pipeline.core.errors import RawInputError

SPEC = {"feature_names": ["a", "b"], "max_seqlen": 12}
REPORT = {"columns": {"label": "target"}, "source": "train.csv"}
# Built once for the feature checks; the first test builds its own, inside the test.
CONTRACT = describe_model_inputs(SPEC, REPORT)


def test_contract_carries_the_spec_columns_and_source():
    assert describe_model_inputs(SPEC, REPORT) == {
        "feature_names": ["a", "b"],
        "max_seqlen": 12,
        "columns": {"label": "target"},
        "training_source": "train.csv",
    }
    bare = describe_model_inputs({"feature_names": ["a"]}, {})
    assert bare == {"feature_names": ["a"], "columns": {}, "training_source": None}


def test_same_features_in_any_order_pass():
    check_features(["b", "a"], CONTRACT, "new.csv")


@pytest.mark.parametrize(
    ("found", "column", "missing", "extra"),
    [
        (["a", "flow"], "b", "['b']", "['flow']"),
        (["a"], "b", "['b']", "[]"),
        (["a", "b", "c"], "c", "[]", "['c']"),
    ],
)
def test_different_features_are_refused_naming_file_column_and_lists(found, column, missing, extra):
    with pytest.raises(RawInputError) as info:
        check_features(found, CONTRACT, "new.csv")
    assert str(info.value) == (
        f"new.csv: column '{column}': feature columns differ from training: the model was "
        f"trained on ['a', 'b'], this file has {found} (missing {missing}, unexpected {extra}). "
        "Rename the columns or set `columns.feature_columns` to the training list"
    )

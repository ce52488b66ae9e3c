"""Normalize: label kinds, positive class, missing-value policies and their counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from seq_pipeline.core.errors import RawInputError
from seq_pipeline.core.tensors import NormalizeOptions, build_sequence_tensors
from seq_pipeline.pipelines.normalize.nodes import describe_preprocessing, encode_labels


def table(labels: list, values: list | None = None) -> pd.DataFrame:
    n = len(labels)
    return pd.DataFrame(
        {
            "sequence_id": np.repeat([f"s{i}" for i in range(n)], 3),
            "timestep": np.tile(np.arange(3), n),
            "a": values if values is not None else np.arange(3 * n, dtype=float),
            "label": np.repeat(np.array(labels, dtype=object), 3),
        }
    )


@pytest.mark.parametrize(
    ("labels", "positive"),
    [
        ([0.0, 1.0, 1.0], "1"),
        ([False, True, True], "True"),
        (["no", "yes", "no"], "yes"),
        (["normal", "abnormal", "normal"], "abnormal"),
    ],
)
def test_label_kinds_and_default_positive(labels, positive):
    mapping = encode_labels(table(labels), NormalizeOptions())
    assert mapping["positive"] == positive
    assert mapping["mapping"][positive] == 1


def test_positive_label_option_chooses_the_class():
    mapping = encode_labels(table(["no", "yes"]), NormalizeOptions(positive_label="no"))
    t = table(["no", "yes"])
    tensors, _ = build_sequence_tensors(t, describe_preprocessing(t, mapping, NormalizeOptions()))
    assert tensors["y"].tolist() == [1, 0]


def test_positive_label_not_present_is_an_error():
    with pytest.raises(RawInputError, match="positive_label 'maybe'"):
        encode_labels(table(["no", "yes"]), NormalizeOptions(positive_label="maybe"))


def policy_run(policy: str) -> tuple[dict, dict]:
    values = [np.nan, 1.0, np.nan, 2.0, 3.0, 4.0]
    t = table(["no", "yes"], values)
    opts = NormalizeOptions(missing_values=policy, fill_value=-9.0)
    return build_sequence_tensors(t, describe_preprocessing(t, encode_labels(t, opts), opts))


def test_ffill_then_value_counts():
    tensors, report = policy_run("ffill_then_value")
    assert tensors["X"][0, :, 0].tolist() == [-9.0, 1.0, 1.0]
    counts = report["missing_values"]
    assert (counts["n_filled_forward"], counts["n_filled_with_value"]) == (1, 1)


def test_ffill_then_train_mean_leaves_leading_gap_for_the_model():
    tensors, report = policy_run("ffill_then_train_mean")
    assert np.isnan(tensors["X"][0, 0, 0]) and tensors["X"][0, 2, 0] == 1.0
    assert report["missing_values"]["n_left_for_train_mean"] == 1


def test_drop_sequence_counts():
    tensors, report = policy_run("drop_sequence")
    assert tensors["ids"].tolist() == ["s1"]
    assert report["missing_values"]["n_dropped_sequences"] == 1


def test_keep_last_truncates_from_the_start():
    t = table(["no", "yes"])
    opts = NormalizeOptions(max_seqlen=2, keep="last")
    spec = describe_preprocessing(t, encode_labels(t, opts), opts)
    tensors, report = build_sequence_tensors(t, spec)
    assert tensors["X"][0, :, 0].tolist() == [1.0, 2.0]
    assert report["n_truncated"] == 2


def test_keep_first_truncates_from_the_end_by_default():
    t = table(["no", "yes"])
    opts = NormalizeOptions(max_seqlen=2)
    assert opts.keep == "first"
    spec = describe_preprocessing(t, encode_labels(t, opts), opts)
    tensors, report = build_sequence_tensors(t, spec)
    assert tensors["X"][:, :, 0].tolist() == [[0.0, 1.0], [3.0, 4.0]]
    assert tensors["mask"].all()
    assert report["n_truncated"] == 2 and report["keep"] == "first"


def test_unknown_label_at_scoring_time_names_it():
    mapping = {"positive": "yes", "negative": "no", "mapping": {"no": 0, "yes": 1}}
    with pytest.raises(RawInputError, match="'maybe'"):
        t = table(["no", "maybe"])
        build_sequence_tensors(t, describe_preprocessing(t, mapping, NormalizeOptions()))

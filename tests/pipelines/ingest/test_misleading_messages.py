"""Inputs that used to get a message blaming something else: `seed=-1`, `positive_label=yes`
turned into True by YAML. The raw file and an earlier run's artifacts stay untouched."""

from __future__ import annotations

import pytest

from seq_pipeline.core.errors import ParameterError, RawInputError
from seq_pipeline.core.parameters import check_known_keys
from seq_pipeline.core.tensors import NormalizeOptions
from tests.pipelines.ingest.factory import ragged_table
from tests.pipelines.ingest.runs import accepted, refused


@pytest.fixture
def raw(tmp_path):
    path = tmp_path / "raw.csv"
    ragged_table(20).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5])
def test_seed_out_of_range_names_the_parameter(tmp_path, raw, seed):
    refused(
        tmp_path,
        raw,
        "Parameter 'seed' must be an integer from 0 to 4294967295",
        f"got {seed!r}",
        error=ParameterError,
        seed=seed,
    )


@pytest.mark.parametrize(("given", "positive"), [(True, "yes"), (False, "no")])
def test_positive_label_yes_read_as_boolean_matches_the_text_label(tmp_path, raw, given, positive):
    out = accepted(tmp_path, raw, normalize_options=NormalizeOptions(positive_label=given))
    assert out["label_mapping"]["positive"] == positive


def test_boolean_positive_label_matching_no_label_is_still_refused(tmp_path):
    path = tmp_path / "raw.csv"
    ragged_table(20, labels=("cat", "dog")).to_csv(path, index=False)
    refused(
        tmp_path,
        path,
        "raw.csv",
        "column 'label'",
        "positive_label True is not one of",
        "['cat', 'dog']",
        'positive_label: "yes"',
        error=RawInputError,
        normalize_options=NormalizeOptions(positive_label=True),
    )


def test_unknown_top_level_key_suggests_the_closest():
    with pytest.raises(ParameterError) as info:
        check_known_keys(["trian_options", "seed"], ["train_options", "seed", "columns"])
    message = str(info.value)
    assert "Unknown parameter 'trian_options'; did you mean 'train_options'?" in message
    assert "Unknown parameter 'seed'" not in message
    check_known_keys(["seed"], ["seed"])  # known keys pass

"""One test per bad input: the run stops with a message naming the file, the column and
example ids/values, and the raw file's bytes are unchanged afterwards."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from kedro.validation.parameter_validator import ParameterValidator

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.contract import describe_model_inputs
from seq_pipeline.core.errors import RawInputError
from seq_pipeline.core.splits import SplitOptions, split_sequences
from seq_pipeline.core.tensors import NormalizeOptions, build_sequence_tensors
from seq_pipeline.datasets import RawSequenceDataset
from seq_pipeline.pipelines import normalize
from seq_pipeline.pipelines.inference.nodes import resolve_inference_columns
from seq_pipeline.pipelines.ingest.nodes import validate_sequences
from seq_pipeline.pipelines.normalize.nodes import describe_preprocessing, encode_labels
from tests.pipelines.ingest.factory import ragged_table, sha256


def prepare(path: Path, columns=None, options=None) -> dict:
    """Ingest → normalize → split node functions on one raw file, as the pipelines chain them."""
    options = options or NormalizeOptions()
    table, report = validate_sequences(
        RawSequenceDataset(filepath=str(path)).load(), columns or ColumnSpec()
    )
    mapping = encode_labels(table, options, report)
    spec = describe_preprocessing(table, mapping, options)
    tensors, _ = build_sequence_tensors(table, spec, report)
    return split_sequences(tensors, SplitOptions(), 7, mapping, report)


def fails(path: Path, *expected: str, **kwargs) -> str:
    """Assert the run fails with every expected fragment, and the file is untouched."""
    before = sha256(path)
    with pytest.raises(RawInputError) as info:
        prepare(path, **kwargs)
    message = str(info.value)
    for fragment in (path.name, *expected):
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert sha256(path) == before
    return message


def write_csv(tmp_path: Path, table: pd.DataFrame) -> Path:
    path = tmp_path / "raw.csv"
    table.to_csv(path, index=False)
    return path


def test_missing_required_column(tmp_path):
    path = write_csv(tmp_path, ragged_table(20).rename(columns={"label": "target"}))
    fails(path, "column 'label'", "not found", "target")


def test_non_numeric_feature_values(tmp_path):
    table = ragged_table(20).astype({"a": object})
    table.loc[table["sequence_id"] == "s004", "a"] = "n/a?"
    fails(write_csv(tmp_path, table), "column 'a'", "non-numeric", "'n/a?'", "'s004'")


def test_missing_values_forbidden_by_policy(tmp_path):
    table = ragged_table(20)
    table.loc[table["sequence_id"] == "s007", "b"] = np.nan
    path = write_csv(tmp_path, table)
    fails(
        path,
        "column 'b'",
        "'s007'",
        "missing_values: error",
        options=NormalizeOptions(missing_values="error"),
    )


def test_infinite_values(tmp_path):
    table = ragged_table(20)
    table.loc[3, "b"] = np.inf
    fails(write_csv(tmp_path, table), "column 'b'", "infinite", "inf", "'s000'")


def test_only_one_class(tmp_path):
    table = ragged_table(20).assign(label="yes")
    fails(write_csv(tmp_path, table), "column 'label'", "only one class", "'yes': 20")


def test_more_than_two_classes(tmp_path):
    table = ragged_table(20)
    table.loc[table["sequence_id"] == "s001", "label"] = "maybe"
    fails(write_csv(tmp_path, table), "column 'label'", "3 classes", "'maybe': 1")


def test_duplicate_sequence_step_rows(tmp_path):
    table = ragged_table(20)
    table = pd.concat([table, table[table["sequence_id"] == "s002"].head(1)])
    fails(write_csv(tmp_path, table), "sequence_id", "timestep", "duplicate", "('s002', 0)")


def test_empty_file(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_bytes(b"")
    fails(path, "empty")


def test_header_only_file(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_text("sequence_id,timestep,a,label\n")
    fails(path, "no rows", "sequence_id")


def test_too_few_members_of_a_class_for_the_split(tmp_path):
    table = ragged_table(20)
    table["label"] = np.where(table["sequence_id"] == "s003", "yes", "no")
    fails(write_csv(tmp_path, table), "column 'label'", "too few", "'yes': 1", "'no': 19")


def test_label_changes_within_a_sequence(tmp_path):
    table = ragged_table(20)
    first = table.index[table["sequence_id"] == "s005"][0]
    table.loc[first, "label"] = "no" if table.loc[first, "label"] == "yes" else "yes"
    fails(write_csv(tmp_path, table), "column 'label'", "'s005'", "differ within")


def test_corrupt_file(tmp_path):
    path = tmp_path / "raw.parquet"
    path.write_bytes(b"PAR1 this is not really parquet")
    fails(path, "could not read it as parquet")


def test_corrupt_npz(tmp_path):
    path = tmp_path / "raw.npz"
    path.write_bytes(b"PK\x03\x04 truncated zip")
    fails(path, "could not read it as npz")


def test_max_seqlen_not_positive_is_rejected_with_clear_message():
    validator = ParameterValidator({"normalize": normalize.create_pipeline()})
    with pytest.raises(Exception, match=r"normalize_options") as info:
        validator.validate_raw_params({"normalize_options": {"max_seqlen": 0}})
    assert "max_seqlen" in str(info.value)
    assert "greater than or equal to 2" in str(info.value)


def test_inference_features_differ_from_training(tmp_path):
    contract = describe_model_inputs({"feature_names": ["a", "b"]}, {"columns": {}})
    path = write_csv(tmp_path, ragged_table(10).rename(columns={"b": "flow"}))
    before = sha256(path)
    raw = RawSequenceDataset(filepath=str(path)).load()
    with pytest.raises(RawInputError) as info:
        resolve_inference_columns(raw, ColumnSpec(), contract)
    message = str(info.value)
    assert path.name in message
    assert "['a', 'b']" in message and "['a', 'flow']" in message
    assert sha256(path) == before


def test_failed_run_leaves_earlier_versioned_artifacts_intact(tmp_path):
    from kedro.io import Version
    from kedro.pipeline import Pipeline

    from seq_pipeline.datasets import NPZDataset
    from seq_pipeline.pipelines import ingest, split
    from tests.pipelines.ingest.factory import params_catalog, run

    pipeline: Pipeline = ingest.create_pipeline() + normalize.create_pipeline()
    pipeline += split.create_pipeline()
    store = tmp_path / "split.npz"

    def catalog_for(path: Path):
        catalog = params_catalog(RawSequenceDataset(filepath=str(path)))
        catalog["split_indices"] = NPZDataset(filepath=str(store), version=Version(None, None))
        return catalog

    good = write_csv(tmp_path, ragged_table(20))
    run(pipeline, catalog_for(good))
    saved = {p: p.read_bytes() for p in store.rglob("*") if p.is_file()}
    assert len(saved) == 1

    # One "yes" sequence passes ingest and normalize but fails in the split node itself, the
    # node whose versioned output must stay untouched.
    bad = tmp_path / "bad.csv"
    table = ragged_table(20)
    table["label"] = np.where(table["sequence_id"] == "s000", "yes", "no")
    table.to_csv(bad, index=False)
    with pytest.raises(Exception, match="too few sequences per class to carve a stratified"):
        run(pipeline, catalog_for(bad))
    assert {p: p.read_bytes() for p in store.rglob("*") if p.is_file()} == saved

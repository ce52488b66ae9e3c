"""Inference takes the feature columns in the contract's order, whatever the file's order.

The model reads features by position: a new file with its columns in another order must give
the same tensors as training did. Checked through the real pipelines up to the tensors (ingest,
normalize, the contract node, inference's preparation), without training a model.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from kedro.io import MemoryDataset

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.errors import RawInputError
from seq_pipeline.core.tensors import build_sequence_tensors
from seq_pipeline.datasets import RawSequenceDataset
from seq_pipeline.pipelines import inference, ingest, normalize, train
from seq_pipeline.pipelines.inference.nodes import resolve_inference_columns
from tests.pipelines.ingest.factory import params_catalog, ragged_table, run

CONTRACT = {"feature_names": ["a", "b"]}


def prepared(tmp_path, new: pd.DataFrame) -> tuple[dict, dict]:
    """Training tensors and the new file's inference tensors (no model involved)."""
    train_path, new_path = tmp_path / "train.csv", tmp_path / "new.csv"
    ragged_table(20, seed=1).to_csv(train_path, index=False)
    new.to_csv(new_path, index=False)
    catalog = params_catalog(RawSequenceDataset(filepath=str(train_path)))
    catalog["primary_sequences"] = MemoryDataset(copy_mode="assign")
    catalog["model_contract"] = MemoryDataset(copy_mode="assign")
    contract = train.create_pipeline().only_nodes_with_outputs("model_contract")
    run(ingest.create_pipeline() + normalize.create_pipeline() + contract, catalog)
    assert catalog.load("model_contract")["feature_names"] == ["a", "b"]
    catalog["inference_sequences"] = RawSequenceDataset(filepath=str(new_path))
    prepare = inference.create_pipeline().to_outputs("inference_tensors")
    tensors = run(prepare, catalog)["inference_tensors"]
    return catalog.load("primary_sequences"), tensors


@pytest.mark.parametrize("order", [["b", "a"], ["a", "b"]])
def test_a_file_with_reordered_columns_gives_the_training_tensors(tmp_path, order):
    table = ragged_table(20, seed=1)
    ids = table["sequence_id"].unique()[:6]
    new = table[table["sequence_id"].isin(ids)].drop(columns="label")
    trained, tensors = prepared(tmp_path, new[["sequence_id", "timestep", *order]])
    assert tensors["feature_names"].tolist() == ["a", "b"]
    rows = [trained["ids"].tolist().index(i) for i in tensors["ids"]]
    assert sorted(tensors["ids"]) == sorted(ids)
    np.testing.assert_array_equal(tensors["mask"], trained["mask"][rows])
    np.testing.assert_allclose(tensors["X"], trained["X"][rows])
    assert (tensors["y"] == -1).all()  # no labels in the new file


def test_resolved_columns_follow_the_contract_not_the_file():
    raw = pd.DataFrame(columns=["b", "timestep", "sequence_id", "a"])
    spec = resolve_inference_columns(raw, ColumnSpec(), CONTRACT)
    assert spec["feature_columns"] == ["a", "b"]
    assert spec["label"] is None  # no label column: inference scores unlabelled files


def test_given_feature_columns_in_another_order_also_follow_the_contract():
    raw = pd.DataFrame(columns=["sequence_id", "timestep", "a", "b", "label"])
    spec = resolve_inference_columns(raw, ColumnSpec(feature_columns=["b", "a"]), CONTRACT)
    assert spec["feature_columns"] == ["a", "b"]
    assert spec["label"] == "label"


def test_a_missing_or_extra_feature_column_is_refused():
    raw = pd.DataFrame(columns=["sequence_id", "timestep", "a", "c"])
    raw.attrs["source"] = "new.csv"
    with pytest.raises(RawInputError) as error:
        resolve_inference_columns(raw, ColumnSpec(), CONTRACT)
    assert str(error.value).startswith("new.csv: column 'b': feature columns differ")
    assert "this file has ['a', 'c'] (missing ['b'], unexpected ['c'])" in str(error.value)


def test_tensors_take_the_specs_feature_order_from_a_table_in_another_order():
    # The second guard: normalize picks the contract's columns by name, so even a validated
    # table whose columns come in file order gives the training layout.
    table = pd.DataFrame(
        {
            "sequence_id": ["s0", "s0", "s1", "s1"],
            "timestep": [0, 1, 0, 1],
            "b": [10.0, 11.0, 12.0, 13.0],
            "a": [0.0, 1.0, 2.0, 3.0],
        }
    )
    spec = {
        "feature_names": ["a", "b"],
        "max_seqlen": 2,
        "keep": "first",
        "missing_values": "error",
        "fill_value": 0.0,
        "label_mapping": {"positive": "1", "negative": "0", "mapping": {"0": 0, "1": 1}},
    }
    tensors, _ = build_sequence_tensors(table, spec)
    assert tensors["feature_names"].tolist() == ["a", "b"]
    np.testing.assert_array_equal(tensors["X"][1], [[2.0, 12.0], [3.0, 13.0]])

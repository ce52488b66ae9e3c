"""Inference: a trained model and its contract score a new raw file, labels optional."""

from __future__ import annotations

import pytest
from kedro.io import MemoryDataset

from seq_pipeline.core.errors import RawInputError
from seq_pipeline.datasets import RawSequenceDataset
from seq_pipeline.datasets.keras_model import KerasModelDataset
from seq_pipeline.pipelines import inference, ingest, normalize, split, train
from seq_pipeline.pipelines.evaluate.nodes import EvaluateOptions
from tests.pipelines.ingest.factory import params_catalog, ragged_table, run


@pytest.mark.slow
def test_train_then_score_a_new_file_without_labels(tmp_path):
    train_path, new_path = tmp_path / "train.csv", tmp_path / "new.csv"
    ragged_table(60, seed=1).to_csv(train_path, index=False)
    new = ragged_table(12, seed=2).drop(columns="label")
    new[["timestep", "sequence_id", "b", "a"]].to_csv(new_path, index=False)

    catalog = params_catalog(RawSequenceDataset(filepath=str(train_path)), tmp_path)
    catalog["model_contract"] = MemoryDataset(copy_mode="assign")
    build = ingest.create_pipeline() + normalize.create_pipeline() + split.create_pipeline()
    run(build + train.create_pipeline(), catalog)
    contract = catalog.load("model_contract")
    assert contract["feature_names"] == ["a", "b"] and contract["max_seqlen"] == 12

    catalog["model"] = KerasModelDataset(filepath=str(tmp_path / "model.keras"))
    catalog["inference_sequences"] = RawSequenceDataset(filepath=str(new_path))
    catalog["params:evaluate_options"] = MemoryDataset(EvaluateOptions(), copy_mode="assign")
    predictions = run(inference.create_pipeline(), catalog)["inference_predictions"]
    assert len(predictions) == 12
    assert set(predictions["predicted_label"]) <= {"no", "yes"}
    assert predictions["probability"].between(0, 1).all()
    assert "true_label" not in predictions

    wrong = tmp_path / "wrong.csv"
    new.rename(columns={"a": "pressure"}).to_csv(wrong, index=False)
    catalog["inference_sequences"] = RawSequenceDataset(filepath=str(wrong))
    with pytest.raises(RawInputError, match=r"wrong.csv: .*trained on \['a', 'b'\]"):
        run(inference.create_pipeline(), catalog)

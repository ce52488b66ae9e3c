"""Inference: a trained model and its contract score a new raw file, labels optional."""

from __future__ import annotations

import numpy as np
import pytest
from kedro.io import MemoryDataset

from seq_pipeline.core.errors import RawInputError
from seq_pipeline.datasets import RawSequenceDataset
from seq_pipeline.datasets.keras_model import KerasModelDataset
from seq_pipeline.pipelines import inference, ingest, normalize, split, train
from seq_pipeline.pipelines.evaluate.nodes import EvaluateOptions, predict_sequences
from tests.pipelines.ingest.factory import params_catalog, ragged_table, run


@pytest.mark.slow
def test_train_then_score_a_new_file_without_labels(tmp_path):
    train_path, new_path = tmp_path / "train.csv", tmp_path / "new.csv"
    table = ragged_table(60, seed=1)
    table.to_csv(train_path, index=False)
    # The "new" file: twelve of the training sequences, unlabelled, columns in another order.
    ids = table["sequence_id"].unique()[:12]
    new = table[table["sequence_id"].isin(ids)].drop(columns="label")
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
    outputs = run(inference.create_pipeline(), catalog)
    predictions = catalog.load("inference_predictions")
    assert "true_label" not in predictions
    # The report: the count, no metrics without labels, and the batch checked for drift (it
    # is twelve of the training sequences, so none).
    report = outputs["inference_report"]
    assert report["n_sequences"] == 12 and report["metrics"] is None
    assert report["drift"]["verdict"] == "like_training"
    assert sorted(predictions["sequence_id"]) == sorted(ids)

    # Inference reproduces evaluate's probabilities for the same sequences, and names the
    # classes the right way round.
    evaluated = predict_sequences(
        catalog.load("model"), catalog.load("primary_sequences"), catalog.load("split_indices")
    ).set_index("sequence_id")
    scored = predictions.set_index("sequence_id")
    np.testing.assert_allclose(
        scored["probability"], evaluated.loc[scored.index, "probability"], atol=1e-6
    )
    expected = np.where(scored["probability"] >= 0.5, "yes", "no")
    assert scored["predicted_label"].tolist() == expected.tolist()

    wrong = tmp_path / "wrong.csv"
    new.rename(columns={"a": "pressure"}).to_csv(wrong, index=False)
    catalog["inference_sequences"] = RawSequenceDataset(filepath=str(wrong))
    with pytest.raises(RawInputError, match=r"wrong.csv: .*trained on \['a', 'b'\]"):
        run(inference.create_pipeline(), catalog)

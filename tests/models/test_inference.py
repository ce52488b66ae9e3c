"""A convolutional model trained by the train pipeline scores a new ragged file in inference."""

from __future__ import annotations

import pytest
from kedro.io import MemoryDataset

from seq_pipeline.datasets import RawSequenceDataset
from seq_pipeline.datasets.keras_model import KerasModelDataset
from seq_pipeline.pipelines import inference, ingest, normalize, split, train
from seq_pipeline.pipelines.evaluate.nodes import EvaluateOptions
from seq_pipeline.pipelines.train.options import TrainOptions
from tests.pipelines.ingest.factory import TINY_TRAIN, params_catalog, ragged_table, run

TINY_INCEPTION = TrainOptions.model_validate(
    {
        **TINY_TRAIN.model_dump(),
        "architecture": "inception",
        "inception": {"filters": 4, "depth": 3, "kernel_sizes": [4, 2], "bottleneck": 4},
    }
)


@pytest.mark.slow
def test_inception_model_from_the_train_pipeline_scores_new_ragged_data(tmp_path):
    train_path, new_path = tmp_path / "train.csv", tmp_path / "new.csv"
    ragged_table(60, seed=1).to_csv(train_path, index=False)
    ragged_table(12, seed=2).drop(columns="label").to_csv(new_path, index=False)

    catalog = params_catalog(
        RawSequenceDataset(filepath=str(train_path)), tmp_path, train_options=TINY_INCEPTION
    )
    catalog["model_contract"] = MemoryDataset(copy_mode="assign")
    build = ingest.create_pipeline() + normalize.create_pipeline() + split.create_pipeline()
    run(build + train.create_pipeline(), catalog)

    # A fresh dataset object: the stored .keras file, loaded with safe_mode.
    catalog["model"] = KerasModelDataset(filepath=str(tmp_path / "model.keras"))
    assert catalog.load("model").name == "inception"
    catalog["inference_sequences"] = RawSequenceDataset(filepath=str(new_path))
    catalog["params:evaluate_options"] = MemoryDataset(EvaluateOptions(), copy_mode="assign")
    predictions = run(inference.create_pipeline(), catalog)["inference_predictions"]
    assert len(predictions) == 12
    assert predictions["probability"].between(0, 1).all()
    assert set(predictions["predicted_label"]) <= {"no", "yes"}

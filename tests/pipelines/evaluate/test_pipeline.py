"""Train and evaluate pipelines through Kedro's runner, with the project's dataset types."""

from __future__ import annotations

import pytest
from kedro.io import DataCatalog, MemoryDataset
from kedro.runner import SequentialRunner
from kedro_datasets.json import JSONDataset
from kedro_datasets.matplotlib import MatplotlibDataset
from kedro_datasets.pandas import ParquetDataset
from kedro_datasets.tensorflow import TensorFlowModelDataset

from seq_pipeline.core.tensors import NormalizeOptions
from seq_pipeline.pipelines import evaluate, train
from seq_pipeline.pipelines.evaluate.nodes import EvaluateOptions
from seq_pipeline.pipelines.normalize.nodes import describe_preprocessing, encode_labels


@pytest.mark.slow
def test_train_then_evaluate_persist_every_artifact(
    tmp_path, long_table, sequences, split, tiny_options
):
    files = {
        "scaler": JSONDataset(filepath=str(tmp_path / "scaler.json")),
        "model": TensorFlowModelDataset(filepath=str(tmp_path / "model.keras")),
        "training_history": JSONDataset(filepath=str(tmp_path / "history.json")),
        "predictions": ParquetDataset(filepath=str(tmp_path / "predictions.parquet")),
        "metrics": JSONDataset(filepath=str(tmp_path / "metrics.json")),
        "model_contract": JSONDataset(filepath=str(tmp_path / "contract.json")),
        **{
            f"{name}_plot": MatplotlibDataset(filepath=str(tmp_path / f"{name}.png"))
            for name in ("roc_curve", "confusion_matrix", "learning_curves")
        },
    }
    catalog = DataCatalog(
        datasets={
            "primary_sequences": MemoryDataset(sequences),
            "split_indices": MemoryDataset(split),
            "params:train_options": MemoryDataset(tiny_options.model_copy(update={"epochs": 3})),
            "params:seed": MemoryDataset(5),
            "params:evaluate_options": MemoryDataset(EvaluateOptions()),
            "run_manifest": MemoryDataset({"run_id": "r1", "raw_input": {"path": "x.parquet"}}),
            "preprocessing_spec": MemoryDataset(
                describe_preprocessing(
                    long_table, encode_labels(long_table, NormalizeOptions()), NormalizeOptions()
                )
            ),
            "ingest_report": MemoryDataset({"source": "generated", "columns": {}}),
            **files,
        }
    )
    SequentialRunner().run(train.create_pipeline() + evaluate.create_pipeline(), catalog)

    for name, dataset in files.items():
        assert dataset.exists(), name
    metrics = files["metrics"].load()
    predictions = files["predictions"].load()
    assert len(predictions) == len(sequences["y"])
    assert set(predictions["split"]) == {"train", "val", "test"}
    assert metrics["test"]["n"] == len(split["test"])
    assert metrics["test"]["roc_auc"] > 0.5
    assert metrics["provenance"] == {
        "run_id": "r1",
        "input_path": "x.parquet",
        "packages": {},
        "options": {},
    }
    assert files["model_contract"].load()["feature_names"] == ["a", "b"]

"""The diagnose pipeline through a real runner, after split, train and evaluate, on tiny data."""

from __future__ import annotations

import logging

import pytest
from kedro.io import DataCatalog, MemoryDataset
from kedro.runner import SequentialRunner
from kedro_datasets.json import JSONDataset
from kedro_datasets.text import TextDataset

from seq_pipeline.core.splits import SplitOptions
from seq_pipeline.framework.hooks.diagnosis_summary import DiagnosisSummaryHook
from seq_pipeline.pipelines import audit, diagnose, evaluate, split, train
from seq_pipeline.pipelines.audit.options import AuditOptions
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.evaluate.nodes import EvaluateOptions
from seq_pipeline.pipelines.train.options import TrainOptions
from tests.pipelines.diagnose.generated import FAST, SEED, as_sequences, pulse_sequences

LABELS = {"positive": "1", "negative": "0", "mapping": {"0": 0, "1": 1}}


@pytest.mark.slow
def test_healthy_data_learns_through_the_runner(tmp_path, caplog):
    pipeline = (
        split.create_pipeline()
        + audit.create_pipeline()
        + train.create_pipeline()
        + evaluate.create_pipeline()
        + diagnose.create_pipeline()
    )
    train_options = TrainOptions(
        lstm_units=16,
        dense_units=8,
        epochs=3,
        batch_size=16,
        learning_rate=0.01,
        early_stopping_patience=None,
        verbose=0,
    )
    catalog = DataCatalog(
        {
            "primary_sequences": MemoryDataset(as_sequences(*pulse_sequences(600))),
            "model": MemoryDataset(copy_mode="assign"),
            "params:seed": MemoryDataset(SEED),
            "params:split_options": MemoryDataset(SplitOptions(test_fraction=0.25)),
            "params:train_options": MemoryDataset(train_options),
            "params:evaluate_options": MemoryDataset(EvaluateOptions()),
            "params:diagnose_options": MemoryDataset(DiagnoseOptions(**FAST)),
            "params:audit_options": MemoryDataset(AuditOptions()),
            "params:train_options.scale_features": MemoryDataset(train_options.scale_features),
            "run_manifest": MemoryDataset({"run_id": "r7", "raw_input": {"sha256": "ab12"}}),
            "label_mapping": MemoryDataset(LABELS),
            "preprocessing_spec": MemoryDataset({"label_mapping": LABELS, "max_seqlen": 20}),
            "ingest_report": MemoryDataset({"source": "generated pulses", "columns": {}}),
            # Persisted like in the project catalog, so they outlive the run.
            "data_audit": JSONDataset(filepath=str(tmp_path / "data_audit.json")),
            "diagnosis": JSONDataset(filepath=str(tmp_path / "diagnosis.json")),
            "diagnosis_report": TextDataset(filepath=str(tmp_path / "diagnosis.html")),
        }
    )
    for name in pipeline.all_outputs() - set(catalog.keys()):
        catalog[name] = MemoryDataset()
    SequentialRunner().run(pipeline, catalog)
    diagnosis = catalog.load("diagnosis")
    assert diagnosis["verdict"] == "learns"
    assert diagnosis["comparison"]["model"]["balanced_accuracy"] > 0.85
    assert diagnosis["training_health"]["loss_fell"]
    assert not diagnosis["training_health"]["collapsed"]
    assert catalog.load("data_audit")["findings"]["split_duplicates"]["flag"] is False
    report = catalog.load("diagnosis_report")
    assert "Verdict: <b>learns</b>" in report
    assert "<code>r7</code>" in report and "<code>ab12</code>" in report

    with caplog.at_level(logging.INFO, logger="seq_pipeline.framework.hooks.diagnosis_summary"):
        DiagnosisSummaryHook().after_pipeline_run({}, pipeline, catalog)
    assert "Diagnosis verdict: LEARNS" in caplog.text
    assert "logistic_flat" in caplog.text

"""Configuration: every environment resolves to valid, typed options and its own folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from kedro.config import OmegaConfigLoader
from kedro.validation.parameter_validator import ParameterValidator

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.splits import SplitOptions
from seq_pipeline.core.tensors import NormalizeOptions
from seq_pipeline.pipelines import (
    audit,
    diagnose,
    evaluate,
    ingest,
    normalize,
    split,
    stream,
    train,
)
from seq_pipeline.pipelines.audit.options import AuditOptions
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.evaluate.nodes import EvaluateOptions
from seq_pipeline.pipelines.stream.options import StreamOptions
from seq_pipeline.pipelines.train.options import TrainOptions
from seq_pipeline.settings import CONFIG_LOADER_ARGS

CONF = Path(__file__).resolve().parents[1] / "conf"
CHANGED_BY_SEED = {
    "architecture",
    "scale_features",
    "batch_size",
    "adaptive_batch_size",
    "learning_rate_scaling",
    "epochs",
    "min_steps",
    "gradient_clip_norm",
    "lr_schedule",
    "early_stopping_patience",
    "class_weight",
    "tensorboard_dir",
}
OPTIONS = {
    "columns": ColumnSpec,
    "normalize_options": NormalizeOptions,
    "split_options": SplitOptions,
    "train_options": TrainOptions,
    "evaluate_options": EvaluateOptions,
    "audit_options": AuditOptions,
    "diagnose_options": DiagnoseOptions,
    "stream_options": StreamOptions,
}


def load(env: str, runtime_params: dict | None = None) -> tuple[dict, dict]:
    # The project's own loader arguments: its resolvers (`oc.env` for the data root) included.
    args = {**CONFIG_LOADER_ARGS, "default_run_env": env}
    params = {"run_id": "r1", **(runtime_params or {})}
    loader = OmegaConfigLoader(str(CONF), runtime_params=params, **args)
    return loader["catalog"], loader["parameters"]


@pytest.mark.parametrize("env", ["local", "seed", "italy_power_demand", "production"])
def test_every_options_block_validates_in_every_environment(env, monkeypatch):
    monkeypatch.setenv("SEQ_PIPELINE_DATA_ROOT", "data/prod")
    _, params = load(env)
    for key, model in OPTIONS.items():
        model.model_validate(params[key])
    assert isinstance(params["seed"], int)


def test_default_environment_writes_every_result_under_data():
    catalog, params = load("local")
    assert catalog["raw_sequences"]["filepath"] == params["demo"]["path"]
    assert catalog["model"]["filepath"] == "data/runs/r1/06_models/model.keras"
    versioned = {name for name, entry in catalog.items() if entry.get("versioned")}
    assert {"split_indices", "scaler", "model", "metrics", "diagnosis", "{name}_plot"} <= versioned


def test_seed_preset_is_the_practitioners_configuration_beside_the_default():
    catalog, params = load("seed")
    options = TrainOptions.model_validate(params["train_options"])
    assert not options.scale_features
    assert (options.batch_size, options.epochs, options.lstm_units, options.dense_units) == (
        4,
        10,
        128,
        50,
    )
    assert options.early_stopping_patience is None
    assert catalog["model"]["filepath"].startswith("data/seed/runs/r1/")
    assert catalog["diagnosis"]["filepath"].startswith("data/seed/runs/r1/")
    # Only what the preset changes differs from the default (parameters merge softly).
    default = TrainOptions.model_validate(load("local")[1]["train_options"])
    assert options.model_dump(exclude=CHANGED_BY_SEED) == default.model_dump(
        exclude=CHANGED_BY_SEED
    )


def test_public_example_reads_the_bundled_dataset_into_its_own_folder():
    catalog, _ = load("italy_power_demand")
    assert catalog["raw_sequences"]["filepath"] == "aeon:ItalyPowerDemand"
    assert catalog["validated_sequences"]["filepath"].startswith("data/italy_power_demand/runs/")


def test_production_reads_its_data_root_from_the_environment(monkeypatch):
    monkeypatch.setenv("SEQ_PIPELINE_DATA_ROOT", "memory:///prod-root")
    monkeypatch.delenv("SEQ_PIPELINE_RAW_PATH", raising=False)
    catalog, params = load("production")
    assert catalog["model"]["filepath"] == "memory:///prod-root/runs/r1/06_models/model.keras"
    assert catalog["raw_sequences"]["filepath"] is None  # no demo fallback
    assert params["demo"] is None


@pytest.mark.parametrize("env", ["local", "seed", "italy_power_demand", "production"])
def test_data_root_variable_moves_every_file_of_every_environment(env, monkeypatch):
    monkeypatch.setenv("SEQ_PIPELINE_DATA_ROOT", "s3://bucket/seq")
    catalog, params = load(env)
    paths = {n: e["filepath"] for n, e in catalog.items() if e.get("filepath")}
    assert len(paths) >= 20
    # `aeon:<Name>` is a dataset bundled with aeon, not a file.
    inside = ("s3://bucket/seq/", "aeon:")
    outside = {name: path for name, path in paths.items() if not path.startswith(inside)}
    assert outside == {}
    if env != "production":  # production never writes demo data
        assert params["demo"]["path"] == "s3://bucket/seq/01_raw/demo_sequences.parquet"


@pytest.mark.parametrize("key", OPTIONS)
def test_a_misspelt_parameter_key_is_refused_before_the_run(key):
    # Kedro validates `params:` arguments typed as Pydantic models, so a typo in a YAML key
    # stops the run instead of silently falling back to the default.
    _, params = load("local")
    block = dict(params[key])
    first = next(iter(block))
    block[f"{first}_typo"] = block.pop(first)
    stages = (ingest, normalize, split, audit, train, evaluate, diagnose, stream)
    validator = ParameterValidator({m.__name__: m.create_pipeline() for m in stages})
    with pytest.raises(Exception, match=key) as info:
        validator.validate_raw_params({**params, key: block})
    assert f"{first}_typo" in str(info.value)
    assert "Extra inputs are not permitted" in str(info.value)

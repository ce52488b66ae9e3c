"""Configuration: every environment resolves to valid, typed options and its own folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from kedro.config import OmegaConfigLoader
from kedro.validation.parameter_validator import ParameterValidator

from seq_pipeline import settings
from seq_pipeline.pipelines import audit, diagnose, evaluate, ingest, normalize, split, train
from seq_pipeline.pipelines.audit.nodes import AuditOptions
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.evaluate.nodes import EvaluateOptions
from seq_pipeline.pipelines.ingest.nodes import ColumnSpec
from seq_pipeline.pipelines.normalize.nodes import NormalizeOptions
from seq_pipeline.pipelines.split.nodes import SplitOptions
from seq_pipeline.pipelines.train.nodes import TrainOptions

CONF = Path(__file__).resolve().parents[1] / "conf"
OPTIONS = {
    "columns": ColumnSpec,
    "normalize_options": NormalizeOptions,
    "split_options": SplitOptions,
    "train_options": TrainOptions,
    "evaluate_options": EvaluateOptions,
    "audit_options": AuditOptions,
    "diagnose_options": DiagnoseOptions,
}


def load(env: str) -> tuple[dict, dict]:
    args = {**settings.CONFIG_LOADER_ARGS, "default_run_env": env}
    loader = OmegaConfigLoader(str(CONF), **args)
    return loader["catalog"], loader["parameters"]


@pytest.mark.parametrize("env", ["local", "seed", "italy_power_demand"])
def test_every_options_block_validates_in_every_environment(env):
    _, params = load(env)
    for key, model in OPTIONS.items():
        model.model_validate(params[key])
    assert isinstance(params["seed"], int)


def test_default_environment_writes_every_result_under_data():
    catalog, params = load("local")
    assert catalog["raw_sequences"]["filepath"] == params["demo"]["path"]
    assert catalog["model"]["filepath"] == "data/06_models/bilstm.keras"
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
    assert catalog["model"]["filepath"].startswith("data/seed/")
    assert catalog["diagnosis"]["filepath"].startswith("data/seed/")
    # Same prepared data and split as the default run, so the two verdicts compare like for like.
    assert catalog["split_indices"]["filepath"] == load("local")[0]["split_indices"]["filepath"]


def test_public_example_reads_the_bundled_dataset_into_its_own_folder():
    catalog, _ = load("italy_power_demand")
    assert catalog["raw_sequences"]["filepath"] == "aeon:ItalyPowerDemand"
    assert catalog["validated_sequences"]["filepath"].startswith("data/italy_power_demand/")


@pytest.mark.parametrize("key", OPTIONS)
def test_a_misspelt_parameter_key_is_refused_before_the_run(key):
    # Kedro validates `params:` arguments typed as Pydantic models, so a typo in a YAML key
    # stops the run instead of silently falling back to the default.
    _, params = load("local")
    block = dict(params[key])
    first = next(iter(block))
    block[f"{first}_typo"] = block.pop(first)
    stages = (ingest, normalize, split, audit, train, evaluate, diagnose)
    validator = ParameterValidator({m.__name__: m.create_pipeline() for m in stages})
    with pytest.raises(Exception, match=key) as info:
        validator.validate_raw_params({**params, key: block})
    assert f"{first}_typo" in str(info.value)
    assert "Extra inputs are not permitted" in str(info.value)

"""Every options block refuses a boolean where a number goes: `epochs: yes` is not 1 epoch.

YAML reads yes/no/on/off/true/false as booleans and pydantic would take them for 1 and 0,
so `early_stopping_patience: off` would silently mean "stop after one epoch without gain".
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from seq_pipeline.core.columns import ColumnSpec
from seq_pipeline.core.demo import DemoOptions
from seq_pipeline.core.parameters import Options, _wants_numbers_only
from seq_pipeline.core.scoring import EvaluateOptions
from seq_pipeline.core.splits import SplitOptions
from seq_pipeline.core.tensors import NormalizeOptions
from seq_pipeline.models.registry import (
    BilstmSizes,
    InceptionSizes,
    LstmFcnSizes,
    MiniRocketSizes,
)
from seq_pipeline.pipelines.audit.options import AuditOptions
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.shard.options import ShardOptions
from seq_pipeline.pipelines.stream.options import StreamOptions
from seq_pipeline.pipelines.train.options import TrainOptions
from seq_pipeline.training.options import ScheduleOptions, SelectionOptions

DEMO = {"path": "demo.parquet", "n_sequences": 10, "n_steps": 4, "seed": 0}
MODELS = [
    AuditOptions,
    BilstmSizes,
    ColumnSpec,
    DiagnoseOptions,
    EvaluateOptions,
    InceptionSizes,
    LstmFcnSizes,
    MiniRocketSizes,
    NormalizeOptions,
    ScheduleOptions,
    SelectionOptions,
    ShardOptions,
    SplitOptions,
    StreamOptions,
    TrainOptions,
]
NUMBER_FIELDS = [
    (model, name)
    for model in [*MODELS, DemoOptions]
    for name, field in model.model_fields.items()
    if _wants_numbers_only(field.annotation)
]


def build(model: type[BaseModel], **values) -> BaseModel:
    return model(**({**DEMO, **values} if model is DemoOptions else values))


def test_every_options_model_derives_from_options():
    assert all(issubclass(m, Options) for m in [*MODELS, DemoOptions])
    assert len(NUMBER_FIELDS) > 50  # the enumeration below really covers the number fields


@pytest.mark.parametrize("value", [True, False])
@pytest.mark.parametrize(("model", "name"), NUMBER_FIELDS, ids=lambda x: getattr(x, "__name__", x))
def test_a_boolean_for_a_number_field_is_refused_naming_the_field(model, name, value):
    with pytest.raises(ValidationError) as error:
        build(model, **{name: value})
    (problem,) = error.value.errors()
    assert problem["loc"][0] == name
    assert "holds a boolean where a number is expected" in problem["msg"]


@pytest.mark.parametrize(
    ("model", "values", "field", "expected"),
    [
        (TrainOptions, {"early_stopping_patience": 0}, "early_stopping_patience", 0),
        (TrainOptions, {"early_stopping_patience": None}, "early_stopping_patience", None),
        (TrainOptions, {"epochs": 1}, "epochs", 1),
        (TrainOptions, {"learning_rate": 1}, "learning_rate", 1.0),  # an int for a float
        (EvaluateOptions, {"threshold": 1}, "threshold", 1.0),
        (DiagnoseOptions, {"min_test_per_class": 1}, "min_test_per_class", 1),
        (NormalizeOptions, {"fill_value": 0}, "fill_value", 0.0),
        (LstmFcnSizes, {"filters": [1, 2]}, "filters", [1, 2]),
    ],
)
def test_the_numbers_the_booleans_stood_for_are_still_accepted(model, values, field, expected):
    assert getattr(build(model, **values), field) == expected


def test_a_boolean_inside_a_list_of_numbers_is_refused():
    with pytest.raises(ValidationError, match="holds a boolean where a number is expected"):
        LstmFcnSizes(filters=[128, True, 128])
    with pytest.raises(ValidationError, match="holds a boolean where a number is expected"):
        TrainOptions(lstm_fcn={"kernel_sizes": [8, False]})


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (TrainOptions, "scale_features"),
        (TrainOptions, "adaptive_batch_size"),
        (ShardOptions, "processes"),
    ],
)
def test_boolean_fields_still_take_booleans(model, field):
    assert getattr(model(**{field: False}), field) is False


@pytest.mark.parametrize("label", [True, False, "yes", 1, 0.0, None])
def test_positive_label_takes_booleans_and_numbers_alike(label):
    # YAML turns `positive_label: yes` into True; normalize matches it to the "yes" label.
    assert NormalizeOptions(positive_label=label).positive_label == label


def test_unknown_keys_are_still_refused():
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        TrainOptions(epoch=3)

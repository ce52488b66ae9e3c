"""Booleans, empty strings and ints given where options want something else."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from seq_pipeline.core.errors import ParameterError
from seq_pipeline.core.parameters import SEED_MAX, check_seed
from seq_pipeline.core.tensors import NormalizeOptions
from seq_pipeline.training.options import ScheduleOptions

NUMBER_MESSAGE = "holds a boolean where a number is expected"


@pytest.mark.parametrize("seed", [True, False, -1, SEED_MAX + 1, "", 1.0])
def test_a_seed_names_its_range_value_and_where_to_set_it(seed):
    with pytest.raises(ParameterError) as error:
        check_seed(seed)
    assert str(error.value) == (
        f"Parameter 'seed' must be an integer from 0 to {SEED_MAX}, got {seed!r}. "
        "Set `seed` in conf/base/parameters.yml or pass e.g. --params seed=42"
    )


def test_a_boolean_for_a_word_choice_is_refused_by_the_choice_not_as_a_number():
    with pytest.raises(ValidationError) as error:
        NormalizeOptions(keep=True)
    assert "keep" in str(error.value) and NUMBER_MESSAGE not in str(error.value)


def test_a_boolean_for_a_number_is_refused_as_one():
    with pytest.raises(ValidationError, match=NUMBER_MESSAGE):
        ScheduleOptions(epochs=True)
    with pytest.raises(ValidationError, match=NUMBER_MESSAGE):
        ScheduleOptions(early_stopping_patience=False)


@pytest.mark.parametrize("value", ["", 0])
def test_an_empty_string_or_zero_for_a_word_choice_is_refused(value):
    with pytest.raises(ValidationError, match="lr_schedule"):
        ScheduleOptions(lr_schedule=value)


def test_a_boolean_where_booleans_are_allowed_is_kept():
    assert ScheduleOptions(adaptive_batch_size=True).adaptive_batch_size is True
    assert NormalizeOptions(positive_label=False).positive_label is False

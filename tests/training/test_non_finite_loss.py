"""A NaN or infinite training loss stops the run naming the epoch, the rates and the fixes."""

from __future__ import annotations

import math

import pytest

from seq_pipeline.core.errors import ParameterError
from seq_pipeline.training.rollback import refuse_non_finite_loss


def test_finite_losses_pass():
    refuse_non_finite_loss([0.7, 0.5, 0.4], 0.001, None, 0.001)
    refuse_non_finite_loss([], 0.001, None, 0.001)


def test_the_first_non_finite_epoch_is_named_with_the_last_finite_loss():
    with pytest.raises(ParameterError) as error:
        refuse_non_finite_loss([0.69, 0.51234, math.inf, math.nan], 0.0005, 1.0, 0.001)
    assert str(error.value) == (
        "training diverged: the training loss became inf in epoch 3 after 0.5123 "
        "(train_options.learning_rate=0.001, Adam's rate at the start 0.0005; "
        "train_options.gradient_clip_norm=1.0). Lower train_options.learning_rate "
        "(default 0.001), or set train_options.gradient_clip_norm (e.g. 1.0) and "
        "train_options.divergence_rollback: true"
    )


def test_a_loss_non_finite_from_the_start_has_no_previous_value():
    with pytest.raises(ParameterError, match=r"^training diverged: .* became nan in epoch 1 \("):
        refuse_non_finite_loss([math.nan], 0.01, None, 0.01)


def test_a_finite_loss_after_the_divergence_is_not_reported_as_the_one_before_it():
    with pytest.raises(ParameterError) as error:
        refuse_non_finite_loss([0.6, math.inf, 0.3], 0.01, None, 0.01)
    assert "became inf in epoch 2 after 0.6 (" in str(error.value)
    with pytest.raises(ParameterError) as error:
        refuse_non_finite_loss([math.nan, 0.3], 0.01, None, 0.01)
    assert "became nan in epoch 1 (" in str(error.value)

"""Each architecture's sizes as train_options keeps them, and the auto candidates' check."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from seq_pipeline.training.options import FitOptions, SelectionOptions


def test_the_bilstm_reads_its_sizes_from_the_top_level():
    options = FitOptions(lstm_units=7, dense_units=3, dropout=0.25)
    assert options.sizes("bilstm") == {"lstm_units": 7, "dense_units": 3, "dropout": 0.25}


def test_other_architectures_read_their_own_key():
    options = FitOptions(lstm_units=7, inception={"filters": 4, "depth": 2})
    sizes = options.sizes("inception")
    assert sizes["filters"] == 4 and sizes["depth"] == 2
    assert sizes["kernel_sizes"] == [40, 20, 10]
    assert options.sizes("lstm_fcn")["lstm_units"] == 8  # not the BiLSTM's 7


def test_an_architecture_without_a_train_options_field_trains_at_its_defaults(monkeypatch):
    from seq_pipeline.models import registry
    from seq_pipeline.models.registry import Architecture, InceptionSizes

    entry = Architecture("extra", InceptionSizes, "seq_pipeline.models.inception:build", "extra")
    monkeypatch.setitem(registry.REGISTRY, "extra", entry)
    assert FitOptions().sizes("extra") == InceptionSizes().model_dump()


def test_an_unknown_architecture_is_refused():
    with pytest.raises(ValueError, match="Unknown architecture 'nope'"):
        FitOptions().sizes("nope")


def test_auto_candidates_must_be_registered():
    assert SelectionOptions(auto_candidates=["bilstm"]).auto_candidates == ["bilstm"]
    with pytest.raises(ValidationError, match="Unknown architecture 'nope'"):
        SelectionOptions(auto_candidates=["bilstm", "nope"])

"""Fill values obey the data's float32 rules; padding never exceeds the longest sequence."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest
from kedro.validation.parameter_validator import ParameterValidator

from seq_pipeline.core.tensors import NormalizeOptions
from seq_pipeline.pipelines import normalize
from tests.pipelines.ingest.factory import ragged_table
from tests.pipelines.ingest.runs import accepted, earlier_run, snapshot


def raw_with_gaps(tmp_path):
    """A CSV whose feature `a` has gaps at the start of some sequences (left after ffill)."""
    table = ragged_table(20)
    table.loc[table["timestep"] == 0, "a"] = np.nan
    path = tmp_path / "raw.csv"
    table.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("fill_value", [1e39, float("nan"), float("-inf")])
def test_fill_value_beyond_float32_or_not_finite_is_refused(tmp_path, fill_value):
    # Kedro validates the typed `params:normalize_options` before any node runs.
    store, saved = earlier_run(tmp_path)
    validator = ParameterValidator({"normalize": normalize.create_pipeline()})
    options = {"missing_values": "ffill_then_value", "fill_value": fill_value}
    with pytest.raises(Exception, match=r"normalize_options") as info:
        validator.validate_raw_params({"normalize_options": options})
    assert f"normalize_options.fill_value {fill_value} is not a finite float32 number" in str(
        info.value
    )
    assert snapshot(store) == saved


def test_a_finite_fill_value_fills_and_the_spec_is_valid_json(tmp_path):
    options = NormalizeOptions(missing_values="ffill_then_value", fill_value=-1.5)
    outputs = accepted(tmp_path, raw_with_gaps(tmp_path), normalize_options=options)
    x, mask = outputs["primary_sequences"]["X"], outputs["primary_sequences"]["mask"]
    assert np.isfinite(x).all()
    assert (x[:, 0, 0][mask[:, 0]] == -1.5).all()
    json.loads(json.dumps(outputs["preprocessing_spec"], allow_nan=False))


def test_max_seqlen_beyond_the_longest_sequence_pads_to_the_longest(tmp_path, caplog):
    path = tmp_path / "raw.csv"
    table = ragged_table(20)
    table.to_csv(path, index=False)
    longest = int(table.groupby("sequence_id").size().max())
    with caplog.at_level(logging.WARNING):
        outputs = accepted(tmp_path, path, normalize_options=NormalizeOptions(max_seqlen=10**8))
    assert outputs["preprocessing_spec"]["max_seqlen"] == longest
    assert outputs["primary_sequences"]["X"].shape[1] == longest
    warned = " ".join(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert (
        f"normalize_options.max_seqlen=100000000 is longer than the longest sequence "
        f"({longest} steps): padding to {longest} steps." in warned
    )

"""The learned-the-length line at its margin (exactly at, just past) and the shortcut details."""

from __future__ import annotations

import pytest

from seq_pipeline.core.findings import Finding
from seq_pipeline.pipelines.diagnose.shortcuts import learned_the_length, shortcut_details

LENGTH = {"flag": True, "solo_balanced_accuracy": 0.75, "summary_used": "length"}


@pytest.mark.parametrize(("model", "learned"), [(0.875, True), (0.8750001, False)])
def test_a_model_exactly_at_length_plus_margin_learned_the_length(model, learned):
    # 0.75 + 0.125 = 0.875 exactly in binary floating point.
    lines = learned_the_length(
        {Finding.LENGTH_SHORTCUT: LENGTH}, {"balanced_accuracy": model}, 0.125
    )
    assert bool(lines) is learned


def test_the_line_names_both_scores_and_the_fix():
    (line,) = learned_the_length({Finding.LENGTH_SHORTCUT: LENGTH}, {"balanced_accuracy": 0.8}, 0.1)
    assert line == (
        "the model learned the length: its test balanced accuracy 0.800 is no better than "
        "length alone (0.750, cross-validated on training sequences); trim or pad every "
        "sequence the same way and retrain, or confirm that length is the signal"
    )


def test_shortcut_details_keep_only_the_shortcut_findings_present():
    found = {Finding.LENGTH_SHORTCUT: LENGTH, Finding.NEAR_COPIES: {"flag": False}}
    assert shortcut_details(found) == {"length_shortcut": LENGTH}

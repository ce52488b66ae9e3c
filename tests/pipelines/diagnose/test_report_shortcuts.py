"""The report's "Could this be too good to be true?" section: scores, advice, escaped names."""

from __future__ import annotations

from seq_pipeline.pipelines.audit.options import AuditOptions
from seq_pipeline.pipelines.audit.shortcuts import shortcut_findings
from seq_pipeline.pipelines.diagnose.report_shortcuts import shortcut_section
from seq_pipeline.pipelines.diagnose.shortcuts import shortcut_details
from tests.pipelines.diagnose import shortcut_data as data
from tests.pipelines.diagnose.generated import make_split

HOSTILE = '<img src=x onerror="alert(1)">'


def section(sequences: dict, model: float = 0.97) -> str:
    found = shortcut_findings(sequences, make_split(sequences), AuditOptions(), seed=0)
    diagnosis = {
        "shortcuts": shortcut_details({k.value: v for k, v in found.items()}),
        "comparison": {"model": {"balanced_accuracy": model}},
    }
    return shortcut_section(diagnosis)


def test_a_leaky_column_shows_its_solo_score_against_the_model_and_what_to_do():
    sequences = data.leaky_status()
    sequences["feature_names"] = sequences["feature_names"].astype(object)
    sequences["feature_names"][-1] = HOSTILE
    page = section(sequences)
    assert page.startswith("<h2>Could this be too good to be true?</h2>")
    assert "the model's test balanced accuracy <b>0.970</b>" in page
    assert "drop the column unless it is known when the prediction is made" in page
    assert HOSTILE not in page and "&lt;img src=x onerror=" in page
    assert page.count("<td>⚠</td>") == 1  # the column; the ids and lengths are fine


def test_every_check_has_a_row_and_unflagged_checks_give_no_advice():
    page = section(data.length_differs_by_class(by_class=False), model=0.85)
    for check in ("feature f0", "feature f1", "sequence_id", "length / padding"):
        assert f"<td>{check}</td>" in page
    assert "<td>⚠</td>" not in page and "trim or pad" not in page


def test_a_length_shortcut_row_says_trim_or_pad():
    page = section(data.length_differs_by_class())
    assert "trim or pad every sequence the same way" in page
    assert "Length not checked" not in page


def test_no_section_without_shortcut_findings():
    assert shortcut_section({"shortcuts": {}, "comparison": {}}) == ""

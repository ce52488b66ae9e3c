"""Unit tests of the report: table, log summary, figures and the self-contained HTML."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from seq_pipeline.pipelines.diagnose.nodes import render_diagnosis_report
from seq_pipeline.pipelines.diagnose.report import (
    comparison_table,
    plot_model_vs_baselines,
    summary_lines,
)
from tests.pipelines.diagnose.generated import (
    as_given_split,
    as_sequences,
    make_split,
    model_like_baseline,
    pulse_sequences,
    run_diagnosis,
)


@pytest.fixture
def diagnosed(pulse_data):
    sequences, split = pulse_data
    predictions, history = model_like_baseline(sequences, split, "summary_gbm")
    history = {**history, "best_epoch": 3}
    history["history"] = {**history["history"], "accuracy": [0.5, 0.8, 0.9]}
    return run_diagnosis(sequences, split, predictions, history), predictions, history


def test_comparison_table_has_every_scorer_with_interval(diagnosed):
    diagnosis, _, _ = diagnosed
    table = comparison_table(diagnosis)
    assert list(table.index) == ["model", "majority", "logistic_flat", "summary_gbm"]
    assert (table["ba_ci_low"] <= table["balanced_accuracy"]).all()
    assert (table["balanced_accuracy"] <= table["ba_ci_high"]).all()


def test_summary_lines_lead_with_the_verdict(diagnosed):
    diagnosis, _, _ = diagnosed
    lines = summary_lines(diagnosis)
    assert lines[0].startswith("Diagnosis verdict: LEARNS")
    assert any(line.strip().startswith("summary_gbm") for line in lines)


def test_html_report_embeds_figures_and_verdict(diagnosed):
    diagnosis, predictions, history = diagnosed
    page = render_diagnosis_report(diagnosis, predictions, history)
    assert page.startswith("<!DOCTYPE html>")
    assert "Verdict: <b>learns</b>" in page
    assert page.count('src="data:image/png;base64,') == 5
    assert "http" not in page  # self-contained: nothing to fetch
    assert isinstance(plot_model_vs_baselines(diagnosis), Figure)


def test_html_and_log_summary_of_a_shift_diagnosis():
    sequences = as_sequences(*pulse_sequences(600))
    split = make_split(sequences)
    sequences = as_given_split(sequences, split)
    sequences["X"][split["test"], :, 1] *= np.float32(2.0)
    predictions, history = model_like_baseline(sequences, split)
    diagnosis = run_diagnosis(sequences, split, predictions, history)
    history = {**history, "best_epoch": 3}
    history["history"] = {**history["history"], "accuracy": [0.5, 0.8, 0.9]}
    page = render_diagnosis_report(diagnosis, predictions, history)
    assert "Verdict: <b>shift</b>" in page
    assert "<h2>Train vs test shift</h2>" in page and "scale ×" in page
    assert "<h2>Near-copies across splits</h2>" in page
    assert "<h2>Test sample size</h2>" in page and "Large enough to decide" in page
    lines = summary_lines(diagnosis)
    assert lines[0].startswith("Diagnosis verdict: SHIFT")
    assert any("ranking: test ROC AUC" in line for line in lines)
    diagnosis["sample_size"] = {**diagnosis["sample_size"], "too_small": True}
    assert summary_lines(diagnosis)[-1].startswith("  needed: about")


def test_html_report_shows_the_auto_choice_and_every_candidate_score(diagnosed):
    diagnosis, predictions, history = diagnosed
    selection = {
        "method": "cross_validation",
        "chosen": "inception",
        "n_folds": 3,
        "budget_s": 600.0,
        "elapsed_s": 412.0,
        "candidates": {
            "bilstm": {
                "balanced_accuracy": 0.6123,
                "accuracy": 0.62,
                "log_loss": 0.66,
                "fold_balanced_accuracy": [0.6, 0.61, 0.63],
                "seconds": 100.0,
            },
            "lstm_fcn": {
                "balanced_accuracy": 0.9012,
                "accuracy": 0.9,
                "log_loss": 0.3,
                "fold_balanced_accuracy": [0.9, 0.9, 0.9],
                "seconds": 90.0,
            },
            "inception": {
                "balanced_accuracy": 0.9871,
                "accuracy": 0.99,
                "log_loss": 0.05,
                "fold_balanced_accuracy": [1.0, 0.96, 1.0],
                "seconds": 80.0,
            },
        },
    }
    history = {**history, "architecture": "inception", "selection": selection}
    page = render_diagnosis_report(diagnosis, predictions, history)
    assert '<b id="architecture">inception</b>' in page
    assert "chose <b>inception</b>" in page and "3-fold cross-validation" in page
    assert "inception (chosen)" in page and "bilstm (chosen)" not in page
    for score in ("0.6123", "0.9012", "0.9871"):
        assert score in page
    plain = render_diagnosis_report(diagnosis, predictions, {**history, "selection": None})
    assert "<h2>Model</h2>" in plain and "chose" not in plain

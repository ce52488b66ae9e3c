"""A diverged training (non-finite or exploding loss) is found and named with its cause."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from seq_pipeline.pipelines.diagnose.nodes import check_training_health
from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.diagnose.verdict import decide, likely_causes
from tests.pipelines.diagnose.rule_inputs import case, no_chance


def health(loss: list[float], **options: object) -> dict:
    rng = np.random.default_rng(0)
    predictions = pd.DataFrame(
        {"split": ["test"] * 20, "probability": rng.uniform(0, 1, 20), "y_true": [0, 1] * 10}
    )
    metrics = {
        "threshold": 0.5,
        "train": {"balanced_accuracy": 0.5},
        "val": {"balanced_accuracy": 0.5},
    }
    history = {"history": {"loss": loss}, "epochs_run": len(loss), "options": options}
    return check_training_health(history, predictions, metrics, DiagnoseOptions())


def test_an_exploding_loss_that_still_fell_is_found_with_rate_and_clipping():
    # learning_rate=1e9: the loss "fell" from 1.96e19 to 9e17, which alone looks healthy.
    found = health([1.96e19, 9e17], learning_rate=1e9, gradient_clip_norm=None)
    assert found["loss_fell"] is True
    assert found["loss_diverged"] is True
    assert found["loss_max"] == 1.96e19
    assert (found["learning_rate"], found["gradient_clip_norm"]) == (1e9, None)
    inputs = case(**{f"health.{k}": v for k, v in found.items()})
    failing = decide(**{**inputs, "intervals": no_chance()["intervals"]})
    assert failing["likely_causes"][0] == (
        "training diverged: the training loss reached 1.96e+19 (learning_rate=1000000000.0, "
        "gradient_clip_norm=None); lower train_options.learning_rate (default 0.001) or set "
        "train_options.gradient_clip_norm (e.g. 1.0)"
    )


def test_a_non_finite_loss_is_found_and_stays_valid_json():
    found = health([0.69, float("nan")], learning_rate=1e30, gradient_clip_norm=None)
    assert found["loss_diverged"] is True
    assert found["loss_max"] == "nan"
    json.loads(json.dumps({k: found[k] for k in ("loss_max", "loss_diverged")}, allow_nan=False))
    inputs = case(**{f"health.{k}": v for k, v in found.items()})
    assert likely_causes(inputs["audit"], inputs["health"])[0].startswith(
        "training diverged: the training loss reached nan (learning_rate=1e+30"
    )


def test_an_ordinary_loss_is_not_a_divergence():
    found = health([0.69, 0.52, 0.41], learning_rate=1e-3, gradient_clip_norm=1.0)
    assert found["loss_diverged"] is False
    assert found["loss_max"] == 0.69
    inputs = case(**{f"health.{k}": v for k, v in found.items()})
    causes = likely_causes(inputs["audit"], inputs["health"])
    assert not any("diverged" in cause for cause in causes)


def test_a_float_loss_is_shown_to_three_significant_digits():
    inputs = case(
        **{
            "health.loss_diverged": True,
            "health.loss_max": 1.23456e19,
            "health.learning_rate": 0.5,
            "health.gradient_clip_norm": 1.0,
        }
    )
    cause = likely_causes(inputs["audit"], inputs["health"])[0]
    assert cause.startswith("training diverged: the training loss reached 1.23e+19 (")

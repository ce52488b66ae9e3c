"""Train nodes: leak-free scaling statistics, class weights, and a real (tiny) training run."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.core.preprocessing import class_weights, fit_scaler
from seq_pipeline.pipelines.train.nodes import train_model
from seq_pipeline.pipelines.train.options import TrainOptions


def test_scaler_uses_training_rows_only(sequences, split):
    poisoned = {**sequences, "X": sequences["X"].copy()}
    held_out = np.concatenate([split["val"], split["test"]])
    poisoned["X"][held_out] = 1e9
    clean = fit_scaler(sequences, split)
    assert fit_scaler(poisoned, split) == clean
    train_values = sequences["X"][split["train"]][sequences["mask"][split["train"]]]
    np.testing.assert_allclose(clean["mean"], train_values.mean(axis=0), rtol=1e-5)
    assert clean["n_train_sequences"] == len(split["train"])


def test_scaler_ignores_padded_and_missing_steps_and_constant_features():
    x = np.array([[[1.0, 5.0], [3.0, 5.0], [0.0, 0.0]], [[np.nan, 5.0], [5.0, 5.0], [7.0, 5.0]]])
    mask = np.array([[True, True, False], [True, True, True]])
    sequences = {"X": x, "mask": mask, "feature_names": np.array(["a", "b"])}
    scaler = fit_scaler(sequences, {"train": np.array([0, 1])})
    assert scaler["mean"] == pytest.approx([4.0, 5.0])  # 1, 3, 5, 7: padding and NaN skipped
    assert scaler["std"][1] == 1.0  # constant feature: no division by zero
    assert scaler["feature_names"] == ["a", "b"]


@pytest.mark.parametrize(
    ("y", "mode", "expected"),
    [
        (np.array([0, 1] * 50), "auto", None),
        (np.array([0] * 90 + [1] * 10), "auto", {0: 100 / 180, 1: 100 / 20}),
        (np.array([0] * 90 + [1] * 10), "none", None),
        (np.array([0, 1] * 50), "balanced", {0: 1.0, 1: 1.0}),
    ],
)
def test_class_weights(y, mode, expected):
    weights = class_weights(y, mode)
    if expected is None:
        assert weights is None
    else:
        assert weights == pytest.approx(expected)


@pytest.mark.slow
def test_train_model_learns_and_carries_training_statistics(sequences, split, tiny_options):
    scaler = fit_scaler(sequences, split)
    options = tiny_options.model_copy(update={"epochs": 3})
    model, history = train_model(sequences, split, scaler, options, seed=1)

    normalization = model.get_layer("scale")
    np.testing.assert_allclose(np.ravel(normalization.mean), scaler["mean"], rtol=1e-5)
    np.testing.assert_allclose(
        np.ravel(normalization.variance), np.square(scaler["std"]), rtol=1e-4
    )
    assert history["epochs_run"] == 3
    assert history["history"]["loss"][-1] < history["history"]["loss"][0]
    assert 1 <= history["best_epoch"] <= 3


@pytest.mark.slow
def test_one_seed_reproduces_weights_exactly(sequences, split, tiny_options):
    scaler = fit_scaler(sequences, split)
    runs = [train_model(sequences, split, scaler, tiny_options, seed=11)[0] for _ in range(2)]
    other = train_model(sequences, split, scaler, tiny_options, seed=12)[0]
    for a, b in zip(runs[0].get_weights(), runs[1].get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(runs[0].get_weights()[0], other.get_weights()[0])


@pytest.mark.slow
def test_scaling_can_be_switched_off(sequences, split, tiny_options):
    scaler = fit_scaler(sequences, split)
    options = tiny_options.model_copy(update={"scale_features": False, "epochs": 1})
    model, _ = train_model(sequences, split, scaler, options, seed=1)
    assert "scale" not in [layer.name for layer in model.layers]


TINY_SIZES = {
    "lstm_units": 4,
    "dense_units": 3,
    "lstm_fcn": {"lstm_units": 2, "filters": [4, 4, 4], "kernel_sizes": [3, 3, 3]},
    "inception": {"filters": 2, "depth": 3, "kernel_sizes": [4, 2], "bottleneck": 2},
}


@pytest.mark.slow
@pytest.mark.parametrize("architecture", ["lstm_fcn", "inception"])
def test_each_architecture_trains_through_the_node(sequences, split, tiny_options, architecture):
    scaler = fit_scaler(sequences, split)
    options = tiny_options.model_copy(update={"architecture": architecture, "epochs": 2})
    options = TrainOptions.model_validate({**options.model_dump(), **TINY_SIZES})
    model, history = train_model(sequences, split, scaler, options, seed=1)
    assert model.name == architecture == history["architecture"]
    assert history["model_card"]["architecture"] == architecture
    assert history["model_card"]["parameters"] == model.count_params()
    assert history["epochs_run"] == 2 and history["selection"] is None


@pytest.mark.slow
def test_adaptive_schedule_is_applied_and_recorded(sequences, split, tiny_options):
    scaler = fit_scaler(sequences, split)
    options = tiny_options.model_copy(
        update={
            "adaptive_batch_size": True,
            "batch_size": 64,
            "epochs": 1,
            "min_steps": 60,  # 167 training rows → batch 20, 9 steps/epoch → 7 epochs
            "lr_schedule": "plateau",
            "early_stopping_patience": None,
            "learning_rate_scaling": "sqrt",
        }
    )
    _, history = train_model(sequences, split, scaler, options, seed=1)
    schedule = history["schedule"]
    assert schedule["batch_size"] == len(split["train"]) // 8
    # The batch-scaled rate is the one the optimizer starts from (plateau may only lower it).
    scaled = options.learning_rate * (schedule["batch_size"] / options.min_batch_size) ** 0.5
    assert schedule["learning_rate"] == pytest.approx(scaled)
    assert history["history"]["learning_rate"][0] == pytest.approx(scaled, rel=1e-5)
    assert history["epochs_run"] == schedule["epochs"] >= 2
    assert schedule["epochs"] * schedule["steps_per_epoch"] >= 60
    assert "learning_rate" in history["history"]  # the plateau schedule's learning rate
    card = history["model_card"]
    assert card["training"]["schedule"] == schedule
    assert card["data"] == {k: len(v) for k, v in split.items()}


@pytest.mark.slow
def test_auto_chooses_by_cross_validation_and_records_every_candidate(
    sequences, split, tiny_options
):
    scaler = fit_scaler(sequences, split)
    options = TrainOptions.model_validate(
        {
            **tiny_options.model_dump(),
            **TINY_SIZES,
            "architecture": "auto",
            "epochs": 1,
            "auto_candidates": ["bilstm", "inception"],
            "auto_cv_folds": 2,
            "min_val_sequences": 1000,  # validation "too small": cross-validate
        }
    )
    model, history = train_model(sequences, split, scaler, options, seed=1)
    selection = history["selection"]
    assert selection["method"] == "cross_validation" and selection["n_folds"] == 2
    assert set(selection["candidates"]) == {"bilstm", "inception"}
    # Successive halving: both candidates fit fold 1, only the better one fits fold 2.
    chosen = selection["chosen"]
    other = next(c for c in selection["candidates"] if c != chosen)
    assert len(selection["candidates"][chosen]["fold_balanced_accuracy"]) == 2
    assert selection["candidates"][other]["eliminated_after_fold"] == 1
    assert len(selection["candidates"][other]["fold_balanced_accuracy"]) == 1
    assert not selection["capped"]
    assert model.name == chosen == history["architecture"]
    assert history["model_card"]["selection"] == selection

"""Training claims checked on real tiny runs: class weights, best weights, logs, raw scales."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from seq_pipeline.core.preprocessing import fit_scaler
from seq_pipeline.core.scoring import score_binary
from seq_pipeline.pipelines.train.nodes import train_model
from seq_pipeline.training.predict import predict_probability

pytestmark = pytest.mark.slow


def imbalanced(sequences: dict, split: dict) -> tuple[dict, dict]:
    """Keep every negative but only a few positives, so balanced weights differ from 1."""
    y = sequences["y"]
    keep = np.flatnonzero((y == 0) | (np.cumsum(y == 1) <= 20))
    subset = {k: v[keep] if k != "feature_names" else v for k, v in sequences.items()}
    position = {old: new for new, old in enumerate(keep)}
    parts = {k: np.array([position[i] for i in v if i in position]) for k, v in split.items()}
    return subset, parts


def test_class_weights_reach_fit(sequences, split, tiny_options):
    sequences, split = imbalanced(sequences, split)
    scaler = fit_scaler(sequences, split)
    runs = {
        mode: train_model(
            sequences, split, scaler, tiny_options.model_copy(update={"class_weight": mode}), 3
        )[1]
        for mode in ("none", "balanced")
    }
    y = sequences["y"][split["train"]]
    n, n_pos = len(y), int(y.sum())
    assert runs["balanced"]["class_weight"] == pytest.approx(
        {0: n / (2 * (n - n_pos)), 1: n / (2 * n_pos)}
    )
    assert runs["none"]["class_weight"] is None
    # Same seed, same data: only the weights passed to `fit` can change the training loss.
    assert runs["balanced"]["history"]["loss"][0] != pytest.approx(
        runs["none"]["history"]["loss"][0], rel=1e-3
    )


def test_early_stopping_restores_the_best_weights(sequences, split, tiny_options):
    # Validation labels flipped: the better the model learns, the worse its validation loss,
    # so the best epoch is an early one and the returned model must be that epoch's.
    flipped = {**sequences, "y": sequences["y"].copy()}
    val = split["val"]
    flipped["y"][val] = 1 - flipped["y"][val]
    options = tiny_options.model_copy(update={"epochs": 3, "early_stopping_patience": 5})
    model, history = train_model(flipped, split, fit_scaler(flipped, split), options, seed=1)
    val_loss = history["history"]["val_loss"]
    assert history["best_epoch"] == 1 + int(np.argmin(val_loss))
    assert history["best_epoch"] < history["epochs_run"], "precondition: best epoch not last"
    tensors = {"X": flipped["X"][val], "mask": flipped["mask"][val]}
    probability = np.clip(predict_probability(model, tensors), 1e-7, 1 - 1e-7)
    y = flipped["y"][val]
    loss = -np.mean(y * np.log(probability) + (1 - y) * np.log(1 - probability))
    assert loss == pytest.approx(min(val_loss), rel=1e-3)
    assert loss != pytest.approx(val_loss[-1], rel=1e-3)


def test_min_steps_never_keep_weights_past_the_best_epoch(sequences, split, tiny_options, caplog):
    # The minimum steps force 6 epochs although patience would stop at the third: the
    # weights kept must still be the best validated epoch's, and log and card must say so.
    flipped = {**sequences, "y": sequences["y"].copy()}
    val = split["val"]
    flipped["y"][val] = 1 - flipped["y"][val]
    steps = -(-len(split["train"]) // tiny_options.batch_size)
    options = tiny_options.model_copy(
        update={"epochs": 2, "min_steps": 6 * steps, "early_stopping_patience": 1}
    )
    with caplog.at_level(logging.INFO, logger="seq_pipeline.pipelines.train.nodes"):
        model, history = train_model(flipped, split, fit_scaler(flipped, split), options, seed=1)
    val_loss = history["history"]["val_loss"]
    best = history["best_epoch"]
    assert history["epochs_run"] == 6 and best == 1 + int(np.argmin(val_loss)) < 6
    tensors = {"X": flipped["X"][val], "mask": flipped["mask"][val]}
    probability = np.clip(predict_probability(model, tensors), 1e-7, 1 - 1e-7)
    y = flipped["y"][val]
    loss = -np.mean(y * np.log(probability) + (1 - y) * np.log(1 - probability))
    assert loss == pytest.approx(val_loss[best - 1], rel=1e-3), "the kept weights are the best's"
    card = history["model_card"]["training"]
    assert card["best_epoch"] == best
    assert card["val_loss_at_best_epoch"] == pytest.approx(val_loss[best - 1])
    assert card["kept_because"] == "lowest val_loss of all 6 epochs"
    assert f"kept epoch {best}, val_loss {val_loss[best - 1]:.4f}" in caplog.text


def test_tensorboard_logs_are_written(sequences, split, tiny_options, tmp_path):
    options = tiny_options.model_copy(update={"epochs": 1, "tensorboard_dir": str(tmp_path)})
    train_model(sequences, split, fit_scaler(sequences, split), options, seed=5)
    (run_dir,) = tmp_path.iterdir()
    assert run_dir.name.endswith("-seed5")
    for part in ("train", "validation"):
        events = list((run_dir / part).glob("events.out.tfevents.*"))
        assert events and events[0].stat().st_size > 0, part


def test_raw_scale_inputs_learn_as_well_as_standardized_ones(sequences, split, tiny_options):
    # Sensors in raw units (an offset of 5e4, scales 2e3 and 1e-3) with scaling on: the stored
    # training statistics must make the model see what it sees on standardized data.
    raw = {**sequences, "X": sequences["X"] * np.array([2e3, 1e-3]) + np.array([5e4, 0.0])}
    raw["X"] = raw["X"].astype(np.float32)
    options = tiny_options.model_copy(update={"epochs": 3})
    test = split["test"]
    scores = {}
    for name, data in (("raw", raw), ("standardized", sequences)):
        model, _ = train_model(data, split, fit_scaler(data, split), options, seed=2)
        probability = predict_probability(model, {"X": data["X"][test], "mask": data["mask"][test]})
        scores[name] = score_binary(data["y"][test], probability, 0.5)["balanced_accuracy"]
    assert scores["standardized"] > 0.8
    assert scores["raw"] >= scores["standardized"] - 0.05

"""MiniRocket as Keras layers: the reference's kernels and dilations, data-fitted biases that
survive a save, padding that never changes a prediction, and a run-seeded, reproducible fit."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from seq_pipeline.models import build_model, model_inputs
from seq_pipeline.models.minirocket import N_KERNELS, adapt, dilations, kernel_weights, quantiles


def test_the_84_kernels_have_three_twos_and_sum_to_zero():
    weights = kernel_weights()
    assert weights.shape == (9, 84) and N_KERNELS == 84
    assert np.all((weights == 2).sum(axis=0) == 3)
    np.testing.assert_array_equal(weights.sum(axis=0), np.zeros(84))
    assert len({tuple(col) for col in weights.T}) == 84


def test_dilations_reach_the_sequence_and_share_the_features():
    values, counts = dilations(n_steps=150, num_features=9996, max_dilations=32)
    assert values[0] == 1 and values == sorted(set(values))
    # The receptive field 8 × d + 1 stays within the sequence.
    assert 8 * values[-1] + 1 <= 150
    assert sum(counts) == 9996 // 84
    short = dilations(n_steps=9, num_features=840, max_dilations=32)
    assert short == ([1], [10])


def test_quantiles_are_a_low_discrepancy_sequence_in_the_unit_interval():
    q = quantiles(5)
    assert np.all((q > 0) & (q < 1)) and len(set(np.round(q, 6))) == 5
    np.testing.assert_allclose(q[0], 0.6180339887, atol=1e-9)


def _data(n=40, t=30, f=2, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, t, f)).astype("float32")
    y = (np.arange(n) % 2).astype("int8")
    x[y == 1, 10:14, 0] += 3.0  # a motif in channel 0
    return x, np.ones((n, t), dtype=bool), y


def _model(t=30, f=2, seed=3):
    return build_model(
        "minirocket", n_steps=t, n_features=f, fill_values=[0.0] * f, num_features=840, seed=seed
    )


def test_adapted_biases_are_quantiles_and_survive_a_save(tmp_path):
    x, mask, y = _data()
    model = _model()
    layer = model.get_layer("minirocket")
    assert all(np.all(keras.ops.convert_to_numpy(b) == 0) for b in layer._biases)
    assert adapt(model, x, mask, y, seed=1) is True
    biases = [keras.ops.convert_to_numpy(b) for b in layer._biases]
    assert all(np.any(b != 0) for b in biases)
    before = model.predict(model_inputs(x, mask), verbose=0)
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.models.load_model(path, safe_mode=True)
    np.testing.assert_allclose(loaded.predict(model_inputs(x, mask), verbose=0), before, rtol=1e-6)
    # Same seed, same biases: the fit is reproducible.
    again = _model()
    adapt(again, x, mask, y, seed=1)
    for a, b in zip(biases, again.get_layer("minirocket")._biases, strict=True):
        np.testing.assert_array_equal(a, keras.ops.convert_to_numpy(b))


def test_padding_never_changes_a_prediction():
    x, mask, y = _data()
    model = _model()
    adapt(model, x, mask, y, seed=1)
    short = mask.copy()
    short[:, 20:] = False
    garbage = x.copy()
    garbage[:, 20:] = 1e3  # whatever sits in padded steps
    np.testing.assert_allclose(
        model.predict(model_inputs(x, short), verbose=0),
        model.predict(model_inputs(garbage, short), verbose=0),
        rtol=1e-5,
    )


@pytest.mark.slow
def test_minirocket_learns_a_motif_through_the_train_node(sequences, split):
    from seq_pipeline.core.preprocessing import fit_scaler
    from seq_pipeline.core.scoring import score_binary
    from seq_pipeline.pipelines.train.nodes import train_model
    from seq_pipeline.pipelines.train.options import TrainOptions
    from seq_pipeline.training.predict import predict_probability

    options = TrainOptions(
        architecture="minirocket",
        minirocket={"num_features": 840},
        epochs=10,
        learning_rate=0.01,
        verbose=0,
    )
    model, history = train_model(sequences, split, fit_scaler(sequences, split), options, 5)
    assert history["architecture"] == "minirocket"
    assert history["model_card"]["sizes"] == {"num_features": 840, "max_dilations": 32}
    test = split["test"]
    p = predict_probability(model, {k: sequences[k][test] for k in ("X", "mask")})
    assert score_binary(sequences["y"][test], p, 0.5)["balanced_accuracy"] > 0.9


def test_adapt_alone_fits_a_head_that_finds_the_motif_on_held_out_sequences():
    x, mask, y = _data(n=80, seed=2)
    model = _model()
    adapt(model, x[:40], mask[:40], y[:40], seed=1)
    p = model.predict(model_inputs(x[40:], mask[40:]), verbose=0).ravel()
    assert np.mean((p >= 0.5) == y[40:]) >= 0.8  # chance: 0.5
    # Calibrated on leave-one-out scores: probabilities, not saturated 0/1 votes.
    assert 0.0 < p.min() < 0.5 < p.max() < 1.0


def test_the_head_is_written_into_the_layers_exactly():
    from seq_pipeline.models.ridge_head import fit_ridge_head
    from tests.models.head_math import head_probability

    x, mask, y = _data(seed=4)
    model = _model()
    adapt(model, x, mask, y, seed=1)
    extractor = keras.Model(model.inputs, model.get_layer("minirocket").output)
    features = extractor.predict(model_inputs(x, mask), verbose=0)
    epsilon = model.get_layer("ppv_norm").epsilon
    head = fit_ridge_head(features, y, epsilon)
    np.testing.assert_allclose(
        model.predict(model_inputs(x, mask), verbose=0).ravel(),
        head_probability(head, features, epsilon),
        atol=1e-4,
    )


@pytest.mark.parametrize(
    ("length", "reach", "expected"),
    [
        (10, 2, [0, 0, 1, 1, 1, 1, 1, 1, 0, 0]),
        (6, 2, [0, 0, 1, 1, 0, 0, 0, 0, 0, 0]),  # a padded sequence: its own end counts
        (10, 0, [1] * 10),
        (10, 5, [0] * 10),  # reach 5 both ways never fits in 10 steps
        (10, 12, [0] * 10),
    ],
)
def test_valid_kernels_pool_only_where_their_reach_stays_inside(length, reach, expected):
    from seq_pipeline.models.minirocket import _inside

    keep = np.zeros((1, 10), dtype="float32")
    keep[0, :length] = 1.0
    got = keras.ops.convert_to_numpy(_inside(keras.ops.convert_to_tensor(keep), reach))
    np.testing.assert_array_equal(got[0], np.array(expected, dtype="float32"))

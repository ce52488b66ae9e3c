"""DivergenceRollback: a diverging epoch is undone, noise is not; the mid-epoch deadline."""

from __future__ import annotations

import time

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from seq_pipeline.training.fit import StepDeadline  # noqa: E402
from seq_pipeline.training.rollback import DivergenceRollback  # noqa: E402


def _model(learning_rate: float = 0.01) -> keras.Model:
    inputs = keras.Input(shape=(2,))
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(inputs))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy")
    return model


def _epoch(callback: DivergenceRollback, epoch: int, loss: float, weights: float) -> None:
    """Pretend an epoch ended with `loss` and every weight at `weights`."""
    callback.model.set_weights([np.full_like(w, weights) for w in callback.model.get_weights()])
    callback.on_epoch_end(epoch, {"loss": loss})


def test_a_diverging_epoch_restores_the_best_weights_at_half_the_rate():
    callback = DivergenceRollback()
    callback.set_model(_model(0.01))
    for epoch, loss in enumerate([0.69, 0.6, 0.51]):
        _epoch(callback, epoch, loss, weights=float(epoch))
    _epoch(callback, 3, 1.33, weights=9.0)  # GunPoint's jump: 0.51 → 1.33
    assert callback.epochs == [4]
    assert all(np.all(w == 2.0) for w in callback.model.get_weights())  # epoch 3's weights
    assert float(callback.model.optimizer.learning_rate) == pytest.approx(0.005)
    _epoch(callback, 4, float("nan"), weights=7.0)  # a NaN loss diverges too
    assert callback.epochs == [4, 5]
    assert all(np.all(w == 2.0) for w in callback.model.get_weights())


def test_ordinary_noise_and_small_losses_are_left_alone():
    callback = DivergenceRollback(halve=False)
    callback.set_model(_model(0.01))
    # Up by 30 %, and doubled but by less than the 0.1 margin: training goes on as it is.
    for epoch, (loss, weights) in enumerate([(0.5, 1.0), (0.65, 2.0), (0.04, 3.0), (0.09, 4.0)]):
        _epoch(callback, epoch, loss, weights)
    assert callback.epochs == []
    assert all(np.all(w == 4.0) for w in callback.model.get_weights())
    assert float(callback.model.optimizer.learning_rate) == pytest.approx(0.01)


def test_a_deadline_stops_training_mid_epoch_not_at_its_end():
    model = _model()
    x, y = np.zeros((64, 2), "float32"), np.tile([0.0, 1.0], 32).astype("float32")
    timer = StepDeadline(time.monotonic())  # already past: stop after the first batch
    history = model.fit(x, y, batch_size=8, epochs=3, callbacks=[timer], verbose=0)
    assert timer.hit and len(history.history["loss"]) == 1
    assert int(model.optimizer.iterations) == 1  # of 8 batches in the epoch


class _Model:
    """Weights are a counter of how often they were read; nothing trains."""

    def __init__(self):
        self.reads, self.restored = 0, []
        self.optimizer = type("Adam", (), {"learning_rate": 0.01})()

    def get_weights(self):
        self.reads += 1
        return [self.reads]

    def set_weights(self, weights):
        self.restored.append(weights)


def _callback():
    callback = DivergenceRollback(factor=2.0, margin=0.1)
    callback.set_model(_Model())
    return callback, callback.model


def test_a_first_epoch_without_a_finite_loss_has_nothing_to_restore():
    callback, model = _callback()
    callback.on_epoch_end(0, {"loss": float("nan")})
    callback.on_epoch_end(1, {"loss": None})
    callback.on_epoch_end(2, {})
    assert (model.reads, model.restored, callback.epochs) == (0, [], [])


def test_an_equal_loss_is_not_a_new_best():
    callback, model = _callback()
    callback.on_epoch_end(0, {"loss": 0.25})
    callback.on_epoch_end(1, {"loss": 0.25})
    assert model.reads == 1 and callback.weights == [1]


@pytest.mark.parametrize(("loss", "undone"), [(0.5, False), (0.5000001, True)])
def test_only_a_loss_past_both_limits_is_undone(loss, undone):
    # Best 0.25: the limits are 2 × 0.25 = 0.5 and 0.25 + 0.1 = 0.35; the larger one counts.
    callback, model = _callback()
    callback.on_epoch_end(0, {"loss": 0.25})
    callback.on_epoch_end(1, {"loss": loss})
    assert (callback.epochs == [2]) is undone
    assert model.restored == ([[1]] if undone else [])
    assert model.optimizer.learning_rate == (0.005 if undone else 0.01)

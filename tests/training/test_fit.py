"""Which weights a fitted model holds: the epoch early stopping kept, and when it may stop."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.training.callbacks import KeepBest
from tests.training.tiny import tiny_bilstm

LOSS = [0.9, 0.2, 0.5, 0.4, 0.3, 0.35, 0.36, 0.37]  # best overall at epoch 2


def drive(callback: KeepBest, losses: list[float]) -> tuple[int, float]:
    """Run the callback over `losses`, the model's weights marking each epoch's number; the
    epochs run and the marker of the weights the model holds at the end."""
    model = tiny_bilstm()
    callback.set_model(model)
    callback.on_train_begin()
    epochs = 0
    for epoch, loss in enumerate(losses):
        model.set_weights([np.full_like(w, epoch + 1) for w in model.get_weights()])
        model.stop_training = False
        callback.on_epoch_end(epoch, {"val_loss": loss})
        epochs += 1
        if model.stop_training:
            break
    callback.on_train_end()
    return epochs, float(model.get_weights()[0].flat[0])


@pytest.mark.parametrize(
    ("keep_from", "kept"),
    [(0, 2), (4, 5)],  # any epoch: epoch 2; after the first 4 epochs: epoch 5
)
def test_the_kept_weights_are_the_kept_epochs(keep_from, kept):
    callback = KeepBest("val_loss", patience=2, min_epochs=4, keep_from=keep_from)
    epochs, marker = drive(callback, LOSS)
    assert callback.kept_epoch == kept
    assert marker == kept, "the model holds the weights of the epoch it reports"
    assert epochs <= len(LOSS)


def test_it_never_stops_before_the_minimum_epochs():
    # Patience 1 runs out at epoch 3, inside the minimum of 6 epochs.
    callback = KeepBest("val_loss", patience=1, min_epochs=6, keep_from=0)
    epochs, marker = drive(callback, LOSS)
    assert epochs == 6
    assert callback.kept_epoch == 2 and marker == 2


def test_with_nothing_watched_the_last_weights_stand():
    callback = KeepBest("val_loss", patience=2, min_epochs=8, keep_from=8)
    epochs, marker = drive(callback, LOSS)
    assert epochs == 8 and callback.kept_epoch == 8 and marker == 8

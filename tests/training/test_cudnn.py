"""The BiLSTM keeps the configuration that Keras runs with cuDNN on a GPU (TensorFlow backend).

Keras uses the fused cuDNN kernel only for LSTM defaults: tanh / sigmoid activations, a bias,
no recurrent dropout, no unrolling (`keras.src.backend.tensorflow.rnn.cudnn_ok`), and a mask,
if any, that is right-padded, which normalize guarantees (real steps first, padding after).
"""

from __future__ import annotations

import keras

from tests.training.tiny import tiny_bilstm


def test_every_lstm_is_cudnn_eligible():
    model = tiny_bilstm(dropout=0.2, learning_rate=1e-3)
    lstms = [
        layer
        for wrapper in model.layers
        for layer in (
            wrapper,
            getattr(wrapper, "forward_layer", None),
            getattr(wrapper, "backward_layer", None),
        )
        if isinstance(layer, keras.layers.LSTM)
    ]
    assert len(lstms) == 2  # forward and backward
    for lstm in lstms:
        cell = lstm.cell
        assert cell.activation is keras.activations.tanh
        assert cell.recurrent_activation is keras.activations.sigmoid
        assert cell.use_bias and cell.recurrent_dropout == 0
        assert not lstm.unroll and lstm.use_cudnn in ("auto", True)

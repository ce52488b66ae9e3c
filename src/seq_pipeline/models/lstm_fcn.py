"""LSTM-FCN (Karim et al., 2018, "LSTM Fully Convolutional Networks for Time Series
Classification"): a recurrent branch and a fully convolutional branch side by side.

Here the recurrent branch is a masked BiLSTM over time (the paper's "dimension shuffle" would
tie the weights to the sequence length). The convolutional branch is the paper's three
Conv1D → BatchNorm → ReLU blocks; padded steps are zeroed after every block and the global
average runs over real steps only, so padding never changes a prediction.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras

from seq_pipeline.models.layers import (
    BATCH_NORM_MOMENTUM,
    MaskedGlobalAverage,
    Preprocessing,
    ZeroPadded,
    binary_head,
    fill_and_scale,
    model_io,
)


def build(
    n_steps: int,
    n_features: int,
    preprocessing: Preprocessing,
    lstm_units: int = 8,
    lstm_dropout: float = 0.8,
    filters: Sequence[int] = (128, 256, 128),
    kernel_sizes: Sequence[int] = (8, 5, 3),
) -> keras.Model:
    """Masked BiLSTM branch ‖ three-block FCN branch → concatenation → probability."""
    if len(filters) != len(kernel_sizes):
        raise ValueError(f"lstm_fcn: {len(filters)} filters but {len(kernel_sizes)} kernel sizes")
    values, mask = model_io(n_steps, n_features)
    x = ZeroPadded(name="zero_padded_input")(fill_and_scale(values, preprocessing), mask)

    recurrent = keras.layers.Bidirectional(keras.layers.LSTM(lstm_units), name="bilstm")(
        x, mask=mask
    )
    recurrent = keras.layers.Dropout(lstm_dropout, name="lstm_dropout")(recurrent)

    conv = x
    for i, (n_filters, size) in enumerate(zip(filters, kernel_sizes, strict=True)):
        conv = keras.layers.Conv1D(n_filters, size, padding="same", name=f"conv{i}")(conv)
        conv = keras.layers.BatchNormalization(name=f"bn{i}", momentum=BATCH_NORM_MOMENTUM)(conv)
        conv = keras.layers.Activation("relu", name=f"relu{i}")(conv)
        conv = ZeroPadded(name=f"zero_padded{i}")(conv, mask)
    pooled = MaskedGlobalAverage(name="masked_average")(conv, mask)

    features = keras.layers.Concatenate(name="branches")([recurrent, pooled])
    output = binary_head(features)
    return keras.Model(inputs={"values": values, "mask": mask}, outputs=output, name="lstm_fcn")

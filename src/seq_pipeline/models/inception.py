"""InceptionTime-style network (Ismail Fawaz et al., 2020, "InceptionTime: Finding AlexNet
for Time Series Classification"): `depth` inception modules with a residual connection every
three, then global average pooling. One network, not the paper's ensemble of five.

Each module: a 1x1 bottleneck, parallel convolutions with long kernels, and a max-pool →
1x1 branch, concatenated → BatchNorm → ReLU. Padded steps are zeroed after every module and
the pooling runs over real steps only, so padding never changes a prediction.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras

from seq_pipeline.models.layers import (
    BATCH_NORM_MOMENTUM,
    MaskedGlobalAverage,
    MaskedMaxPool1D,
    Preprocessing,
    ZeroPadded,
    binary_head,
    fill_and_scale,
    model_io,
)


def _module(x, mask, name: str, filters: int, kernel_sizes: Sequence[int], bottleneck: int):
    """One inception module, its output zeroed on padded steps."""
    squeezed = x
    if bottleneck and x.shape[-1] > 1:
        squeezed = keras.layers.Conv1D(bottleneck, 1, use_bias=False, name=f"{name}_neck")(x)
    branches = [
        keras.layers.Conv1D(
            filters, size, padding="same", use_bias=False, name=f"{name}_conv{size}"
        )(squeezed)
        for size in kernel_sizes
    ]
    pooled = MaskedMaxPool1D(3, name=f"{name}_pool")(x, mask)
    branches.append(keras.layers.Conv1D(filters, 1, use_bias=False, name=f"{name}_pool1x1")(pooled))
    y = keras.layers.Concatenate(name=f"{name}_concat")(branches)
    y = keras.layers.BatchNormalization(name=f"{name}_bn", momentum=BATCH_NORM_MOMENTUM)(y)
    y = keras.layers.Activation("relu", name=f"{name}_relu")(y)
    return ZeroPadded(name=f"{name}_zero")(y, mask)


def _shortcut(residual, x, mask, name: str):
    """Residual connection: 1x1 projection + BatchNorm of the block input, added, ReLU."""
    projected = keras.layers.Conv1D(x.shape[-1], 1, use_bias=False, name=f"{name}_proj")(residual)
    projected = keras.layers.BatchNormalization(
        name=f"{name}_proj_bn", momentum=BATCH_NORM_MOMENTUM
    )(projected)
    y = keras.layers.Add(name=f"{name}_add")([projected, x])
    y = keras.layers.Activation("relu", name=f"{name}_relu")(y)
    return ZeroPadded(name=f"{name}_zero")(y, mask)


def build(
    n_steps: int,
    n_features: int,
    preprocessing: Preprocessing,
    filters: int = 32,
    depth: int = 6,
    kernel_sizes: Sequence[int] = (40, 20, 10),
    bottleneck: int = 32,
) -> keras.Model:
    """`depth` inception modules, residual every three, masked global average → probability."""
    values, mask = model_io(n_steps, n_features)
    x = ZeroPadded(name="zero_padded_input")(fill_and_scale(values, preprocessing), mask)
    residual = x
    for i in range(depth):
        x = _module(x, mask, f"inception{i}", filters, kernel_sizes, bottleneck)
        if i % 3 == 2:
            x = _shortcut(residual, x, mask, f"residual{i}")
            residual = x
    pooled = MaskedGlobalAverage(name="masked_average")(x, mask)
    output = binary_head(pooled)
    return keras.Model(inputs={"values": values, "mask": mask}, outputs=output, name="inception")

"""MiniRocket (Dempster, Schmidt & Webb 2021, "MINIROCKET: A Very Fast (Almost)
Deterministic Transform for Time Series Classification", KDD), as Keras 3 layers.

Fixed convolutions, learned only through their biases, then a linear head: the 84 kernels of
length 9 with weights -1 and three 2s, at exponentially spaced dilations, each over a random
subset of the channels (the multivariate variant), with biases at quantiles of the kernel's
output on training sequences; a feature is the proportion of positive values (PPV) of
`conv - bias` over the real steps. The head is linear: standardised features, then a sigmoid.

`adapt` fits the whole model without gradient steps: the biases from training sequences, then
the head in closed form, as the reference does (ridge regression with its penalty chosen by
leave-one-out, `ridge_head.py`), written into the standardisation and Dense layers, with a
Platt sigmoid on the leave-one-out scores so the output is a probability.

As the reference, half the kernels (alternating with the dilation) pool only over the steps
where their reach stays inside the sequence ("valid"), the others over every step ("same"
padding with zeros). Difference, so the model stays one masked Keras model (one `.keras`
file, one contract, inference and MLflow unchanged): PPV is averaged over the mask's real
steps only, so padding never changes a prediction.
"""

from __future__ import annotations

import itertools
import math

import keras
import numpy as np

from seq_pipeline.models.layers import (
    PACKAGE,
    Preprocessing,
    binary_head,
    fill_and_scale,
    model_io,
)
from seq_pipeline.models.ridge_head import fit_ridge_head

KERNEL_LENGTH = 9
# The 84 kernels: weight 2 at three of nine positions, -1 elsewhere.
POSITIONS = np.array(list(itertools.combinations(range(KERNEL_LENGTH), 3)))
N_KERNELS = len(POSITIONS)
GOLDEN = (math.sqrt(5) + 1) / 2


def kernel_weights() -> np.ndarray:
    """(9, 84): column k is kernel k's weights."""
    weights = -np.ones((KERNEL_LENGTH, N_KERNELS), dtype="float32")
    for k, positions in enumerate(POSITIONS):
        weights[positions, k] = 2.0
    return weights


def dilations(n_steps: int, num_features: int, max_dilations: int) -> tuple[list[int], list[int]]:
    """Dilations 2^0 … up to the receptive field's reach, and the biases (features per
    kernel) each gets, as in the reference implementation's `_fit_dilations`."""
    per_kernel = max(1, num_features // N_KERNELS)
    true_max = min(per_kernel, max_dilations)
    multiplier = per_kernel / true_max
    reach = max(0.0, math.log2(max(1.0, (n_steps - 1) / (KERNEL_LENGTH - 1))))
    raw = np.floor(np.logspace(0, reach, true_max, base=2)).astype(int)
    values, counts = np.unique(raw, return_counts=True)
    counts = (counts * multiplier).astype(int)
    remainder = per_kernel - counts.sum()
    i = 0
    while remainder > 0:
        counts[i] += 1
        remainder -= 1
        i = (i + 1) % len(counts)
    return [int(v) for v in values], [int(c) for c in counts]


def quantiles(n: int) -> np.ndarray:
    """A low-discrepancy sequence of `n` quantiles in (0, 1)."""
    return (np.arange(1, n + 1) * GOLDEN) % 1


@keras.saving.register_keras_serializable(package=PACKAGE)
class MiniRocketFeatures(keras.layers.Layer):
    """(N, T, F) values and (N, T) mask → (N, 84 × Σ biases) PPV features.

    Its kernels and channel choices come from `seed`; its biases are set by `adapt` from
    training sequences and saved with the model as non-trainable weights.
    """

    def __init__(
        self,
        n_steps: int,
        n_features: int,
        num_features: int = 9996,
        max_dilations: int = 32,
        seed: int = 0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.n_steps, self.n_features = n_steps, n_features
        self.num_features, self.max_dilations, self.seed = num_features, max_dilations, seed
        self.dilations, self.counts = dilations(n_steps, num_features, max_dilations)
        base = kernel_weights()
        rng = np.random.default_rng(seed)
        self._kernels, self._biases = [], []
        for d, count in zip(self.dilations, self.counts, strict=True):
            chosen = _channel_choice(rng, n_features)
            kernel = base[:, None, :] * chosen[None, :, :]  # (9, F, 84)
            self._kernels.append(
                self.add_weight(
                    shape=kernel.shape,
                    initializer=keras.initializers.Constant(kernel),
                    trainable=False,
                    name=f"kernel_d{d}",
                )
            )
            self._biases.append(
                self.add_weight(
                    shape=(N_KERNELS, count),
                    initializer="zeros",
                    trainable=False,
                    name=f"bias_d{d}",
                )
            )

    def convolve(self, values, index: int):
        """Kernel outputs at dilation number `index`: (N, T, 84)."""
        return keras.ops.conv(
            values, self._kernels[index], padding="same", dilation_rate=self.dilations[index]
        )

    def call(self, inputs, step_mask):
        # Padded steps are zeros, exactly what "same" padding adds past a sequence's end.
        keep = keras.ops.cast(step_mask, inputs.dtype)
        values = inputs * keep[:, :, None]
        features = []
        for i, dilation in enumerate(self.dilations):
            c = self.convolve(values, i)[:, :, :, None]
            positive = keras.ops.cast(c > self._biases[i][None, None], values.dtype)
            # As the reference: half the kernels (alternating with the dilation) pool only
            # where the kernel's reach stays inside the sequence, the others everywhere.
            inside = _inside(keep, (KERNEL_LENGTH - 1) * dilation // 2)
            odd = np.arange(N_KERNELS) % 2 != i % 2
            weight = keras.ops.where(odd[None, None, :], inside[:, :, None], keep[:, :, None])
            steps = keras.ops.maximum(keras.ops.sum(weight, axis=1), 1.0)[:, :, None]
            ppv = keras.ops.sum(positive * weight[:, :, :, None], axis=1) / steps
            features.append(keras.ops.reshape(ppv, (-1, N_KERNELS * self.counts[i])))
        return keras.ops.concatenate(features, axis=-1)

    def adapt(self, values: np.ndarray, mask: np.ndarray, seed: int) -> None:
        """Biases at quantiles of each kernel's output on one random training sequence."""
        values = np.where(mask[:, :, None], values, 0.0).astype("float32")
        rng = np.random.default_rng(seed)
        for i, count in enumerate(self.counts):
            picks = rng.integers(0, len(values), N_KERNELS)
            c = keras.ops.convert_to_numpy(self.convolve(values[picks], i))
            q = quantiles(count)
            biases = np.stack([np.quantile(c[k, mask[picks[k]], k], q) for k in range(N_KERNELS)])
            self._biases[i].assign(biases.astype("float32"))

    def compute_output_shape(self, inputs_shape, step_mask_shape):
        return (inputs_shape[0], N_KERNELS * sum(self.counts))

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "n_steps": self.n_steps,
            "n_features": self.n_features,
            "num_features": self.num_features,
            "max_dilations": self.max_dilations,
            "seed": self.seed,
        }


def _inside(keep, reach: int):
    """(N, T) 1 where a kernel reaching `reach` steps either side sees only real steps."""
    if reach == 0:
        return keep
    n_steps = keep.shape[1]
    if reach >= n_steps:
        return keras.ops.zeros_like(keep)
    zeros = keras.ops.zeros_like(keep[:, :reach])
    after = keras.ops.concatenate([keep[:, reach:], zeros], axis=1)  # keep[t + reach]
    before = keras.ops.concatenate([zeros, keep[:, :-reach]], axis=1)  # keep[t - reach]
    return keep * after * before


def _channel_choice(rng: np.random.Generator, n_features: int) -> np.ndarray:
    """(F, 84) 0/1: each kernel sums a random subset of 1 to min(F, 9) channels."""
    limit = min(n_features, KERNEL_LENGTH)
    chosen = np.zeros((n_features, N_KERNELS), dtype="float32")
    for k in range(N_KERNELS):
        n = int(2 ** rng.uniform(0, math.log2(limit + 1)))
        chosen[rng.choice(n_features, max(1, min(n, limit)), replace=False), k] = 1.0
    return chosen


def build(
    n_steps: int,
    n_features: int,
    preprocessing: Preprocessing,
    num_features: int = 9996,
    max_dilations: int = 32,
    seed: int | None = None,
) -> keras.Model:
    """Fill and scale → MiniRocket features → logistic head.

    Without `seed`, the channel choices come from NumPy's global generator, which the fit
    seeds from the run's seed (`keras.utils.set_random_seed`).
    """
    if seed is None:
        seed = int(np.random.randint(2**31 - 1))
    values, mask = model_io(n_steps, n_features)
    x = fill_and_scale(values, preprocessing)
    features = MiniRocketFeatures(
        n_steps, n_features, num_features, max_dilations, seed, name="minirocket"
    )(x, mask)
    # Standardises the PPVs with the training rows' statistics that `adapt` writes into it.
    features = keras.layers.BatchNormalization(center=False, scale=False, name="ppv_norm")(features)
    return keras.Model(
        inputs={"values": values, "mask": mask}, outputs=binary_head(features), name="minirocket"
    )


def adapt(
    model: keras.Model,
    values: np.ndarray,
    mask: np.ndarray,
    labels: np.ndarray,
    seed: int,
    class_weight: dict[int, float] | None = None,
) -> bool:
    """Fit the biases, then the head in closed form, on these training sequences (through the
    model's own filling and scaling); True: the model needs no gradient steps on these rows."""
    x = model.get_layer("fill_missing")(values.astype("float32"))
    if any(layer.name == "scale" for layer in model.layers):
        x = model.get_layer("scale")(x)
    mask = mask.astype(bool)
    model.get_layer("minirocket").adapt(keras.ops.convert_to_numpy(x), mask, seed)
    extractor = keras.Model(model.inputs, model.get_layer("minirocket").output)
    inputs = {"values": values.astype("float32"), "mask": mask}
    features = extractor.predict(inputs, batch_size=32, verbose=0)
    norm = model.get_layer("ppv_norm")
    head = fit_ridge_head(features, labels, norm.epsilon, class_weight)
    norm.moving_mean.assign(head.mean)
    norm.moving_variance.assign(head.variance)
    dense = model.get_layer("probability")
    dense.kernel.assign(head.kernel.reshape(-1, 1))
    dense.bias.assign(np.array([head.bias], dtype="float32"))
    return True

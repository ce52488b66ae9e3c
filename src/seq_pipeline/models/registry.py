"""THE model registry: each architecture's name, the sizes it takes and where it is built.

Every list of architectures in the project (the names `train_options` accepts, `auto`'s
candidates, each model's sizes in `parameters_train.yml`, the model card) reads this table,
so a new architecture is one module (a `build` function) plus one `register` line below.
Importing this module does not import Keras: builders are imported when a model is built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from seq_pipeline.core.parameters import Options


class BilstmSizes(Options):
    """BiLSTM sizes: BiLSTM(128) → Dense(50, relu), the widely used baseline shape."""

    model_config = ConfigDict(extra="forbid")

    lstm_units: int = Field(default=128, gt=0)
    dense_units: int = Field(default=50, gt=0)
    dropout: float = Field(default=0.0, ge=0, lt=1)


class LstmFcnSizes(Options):
    """LSTM-FCN sizes (Karim et al. 2018 use 8–128 LSTM cells, dropout 0.8, 128/256/128)."""

    model_config = ConfigDict(extra="forbid")

    lstm_units: int = Field(default=8, gt=0)
    lstm_dropout: float = Field(default=0.8, ge=0, lt=1)
    filters: list[int] = Field(default=[128, 256, 128], min_length=1)
    kernel_sizes: list[int] = Field(default=[8, 5, 3], min_length=1)


class InceptionSizes(Options):
    """InceptionTime sizes (Ismail Fawaz et al. 2020: 32 filters, depth 6, kernels 40/20/10)."""

    model_config = ConfigDict(extra="forbid")

    filters: int = Field(default=32, gt=0)
    depth: int = Field(default=6, gt=0)
    kernel_sizes: list[int] = Field(default=[40, 20, 10], min_length=1)
    bottleneck: int = Field(default=32, ge=0)


class MiniRocketSizes(Options):
    """MiniRocket sizes (Dempster et al. 2021: about 10 000 features, 32 dilations at most)."""

    model_config = ConfigDict(extra="forbid")

    num_features: int = Field(default=9996, ge=84)
    max_dilations: int = Field(default=32, gt=0)


@dataclass(frozen=True)
class Architecture:
    """One registered architecture.

    `builder` is `"module:function"`, called as `build(n_steps, n_features, preprocessing,
    **sizes)` and returning an uncompiled `keras.Model` over {"values", "mask"}. `options_key`
    is the `train_options` key that holds its sizes; None reads them from the top level of
    `train_options` (the BiLSTM's `lstm_units`, `dense_units`, `dropout`). `adapt`, if any,
    is `"module:function"` called as `adapt(model, values, mask, labels, seed, class_weight)`
    on a sample of the training sequences before the fit, for layers whose state comes from
    data; it returns True when it fitted the whole model (a closed-form head), and the fit
    then takes no gradient steps if the sample was every training sequence.
    """

    name: str
    sizes: type[BaseModel]
    builder: str
    options_key: str | None
    adapt: str | None = None

    def build_function(self) -> Callable[..., Any]:
        return _function(self.builder)

    def adapt_function(self) -> Callable[..., Any] | None:
        return None if self.adapt is None else _function(self.adapt)


def _function(path: str) -> Callable[..., Any]:
    module, function = path.split(":")
    return getattr(import_module(module), function)


REGISTRY: dict[str, Architecture] = {}


def register(architecture: Architecture) -> Architecture:
    """Add an architecture; a name is registered once."""
    if architecture.name in REGISTRY or architecture.name == "auto":
        raise ValueError(f"architecture {architecture.name!r} is already registered")
    REGISTRY[architecture.name] = architecture
    return architecture


def architecture(name: str) -> Architecture:
    """The registered architecture called `name`, or an error listing the choices."""
    if name not in REGISTRY:
        raise ValueError(f"Unknown architecture {name!r}; choose one of {names()}")
    return REGISTRY[name]


def import_layers() -> None:
    """Import every architecture's module, so Keras knows each registered custom layer.

    A process that loads a stored model without building one first (inference, a served
    MLflow model) has imported none of them.
    """
    import_module("seq_pipeline.models.layers")
    for entry in REGISTRY.values():
        import_module(entry.builder.split(":")[0])


def names() -> tuple[str, ...]:
    """Registered architecture names, in registration order."""
    return tuple(REGISTRY)


register(Architecture("bilstm", BilstmSizes, "seq_pipeline.models.bilstm:build", None))
register(Architecture("lstm_fcn", LstmFcnSizes, "seq_pipeline.models.lstm_fcn:build", "lstm_fcn"))
register(
    Architecture("inception", InceptionSizes, "seq_pipeline.models.inception:build", "inception")
)
register(
    Architecture(
        "minirocket",
        MiniRocketSizes,
        "seq_pipeline.models.minirocket:build",
        "minirocket",
        adapt="seq_pipeline.models.minirocket:adapt",
    )
)

"""Who hears each finished epoch while a model trains (experiment tracking, when it is on).

Keras-free, so a hook can register a listener without importing TensorFlow. `fit` adds the
`EpochEvents` callback only while a listener is registered: untracked training pays nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

# listener(architecture, epoch (1-based), {"loss": …, "val_loss": …, …})
EpochListener = Callable[[str, int, dict[str, float]], None]
_LISTENERS: list[EpochListener] = []


@contextmanager
def listening(listener: EpochListener) -> Iterator[None]:
    """Call `listener` after every epoch trained inside the block."""
    _LISTENERS.append(listener)
    try:
        yield
    finally:
        _LISTENERS.remove(listener)


def listeners() -> list[EpochListener]:
    return list(_LISTENERS)


def announce(architecture: str, epoch: int, logs: dict[str, float]) -> None:
    """Hand one finished epoch's numbers to every listener."""
    for listener in listeners():
        listener(architecture, epoch, logs)

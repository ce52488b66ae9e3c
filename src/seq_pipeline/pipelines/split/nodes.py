"""Split: fixed, stratified train / validation / test indices from one seed."""

from __future__ import annotations

import logging

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sklearn.model_selection import train_test_split

logger = logging.getLogger(__name__)

SPLITS = ("train", "val", "test")


class SplitOptions(BaseModel):
    """Fractions of sequences held out for validation and test."""

    model_config = ConfigDict(extra="forbid")

    val_fraction: float = Field(default=0.15, gt=0, lt=1)
    test_fraction: float = Field(default=0.15, gt=0, lt=1)

    @model_validator(mode="after")
    def _leave_training_rows(self) -> SplitOptions:
        if self.val_fraction + self.test_fraction >= 1:
            raise ValueError("val_fraction + test_fraction must be below 1")
        return self


def split_sequences(
    sequences: dict[str, np.ndarray], options: SplitOptions, seed: int
) -> dict[str, np.ndarray]:
    """Stratified indices into the sequence tensors for train, val and test."""
    y = sequences["y"]
    index = np.arange(len(y))
    rest, test = train_test_split(
        index, test_size=options.test_fraction, stratify=y, random_state=seed
    )
    val_share = options.val_fraction / (1 - options.test_fraction)
    train, val = train_test_split(rest, test_size=val_share, stratify=y[rest], random_state=seed)
    split = {"train": np.sort(train), "val": np.sort(val), "test": np.sort(test)}
    logger.info(
        "Split %s",
        ", ".join(f"{k}: {len(v)} ({y[v].mean():.1%} positive)" for k, v in split.items()),
    )
    return split

"""Splits: fixed, stratified train / validation / test indices from one seed, and their names.

A split the user gave (a `split` column, or separate train/test files) is kept as it is;
only what is missing is carved, stratified, from the training sequences. With a `group`
column every group (patient, device, ...) lands in exactly one split.
"""

from __future__ import annotations

import logging
import math

import numpy as np
from pydantic import ConfigDict, Field, model_validator
from sklearn.model_selection import StratifiedGroupKFold, train_test_split

from seq_pipeline.core.errors import RawInputError, examples, input_error, source_of, user_column
from seq_pipeline.core.parameters import Options, check_seed

logger = logging.getLogger(__name__)

SPLITS = ("train", "val", "test")


def split_names(n_sequences: int, split: dict[str, np.ndarray]) -> np.ndarray:
    """Each sequence's split name (`train`, `val`, `test`, or "" if in none), from indices."""
    names = np.full(n_sequences, "", dtype=object)
    for name, index in split.items():
        names[index] = name
    return names.astype(str)


def shared_groups(groups: np.ndarray, split: dict[str, np.ndarray]) -> list:
    """Sorted groups (patients, devices, …) whose sequences sit in more than one split."""
    members = [set(groups[index].tolist()) for index in split.values()]
    shared: set = set()
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            shared |= a & b
    return sorted(shared)


class SplitOptions(Options):
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
    sequences: dict[str, np.ndarray],
    options: SplitOptions,
    seed: int,
    label_mapping: dict | None = None,
    report: dict | None = None,
) -> dict[str, np.ndarray]:
    """Stratified (and group-kept) indices into the sequence tensors for train, val and test."""
    carver = _Carver(sequences, check_seed(seed), label_mapping, report)
    index = np.arange(len(sequences["y"]))
    given = sequences.get("split")
    if given is None:
        pool, test = carver.carve(index, options.test_fraction, "test")
        val_share = options.val_fraction / (1 - options.test_fraction)
        train, val = carver.carve(pool, val_share, "val")
    else:
        train, val, test = (index[given == name] for name in SPLITS)
        # Whatever the user did not give is carved from their train rows only (fractions of
        # train), so their test rows stay exactly as given.
        if not len(test):
            train, test = carver.carve(train, options.test_fraction, "test")
        if not len(val):
            train, val = carver.carve(train, options.val_fraction, "val")
    split = {"train": np.sort(train), "val": np.sort(val), "test": np.sort(test)}
    carver.check_groups(split)
    carver.check_both_classes(split, options, given is not None)
    y = sequences["y"]
    logger.info(
        "Split %s%s",
        ", ".join(f"{k}: {len(v)} ({y[v].mean():.1%} positive)" for k, v in split.items()),
        " (user-given split kept)" if given is not None else "",
    )
    return split


class _Carver:
    """Holds out a stratified (and, with groups, group-kept) share of a pool of sequences."""

    def __init__(self, sequences: dict, seed: int, label_mapping: dict | None, report: dict | None):
        self.y = sequences["y"]
        self.groups = sequences.get("group")
        self.seed = seed
        self.source = source_of(None, report)
        self.label, self.group = user_column("label", report), user_column("group", report)
        mapping = (label_mapping or {}).get("mapping", {})
        self.names = {code: name for name, code in mapping.items()}

    def counts(self, pool: np.ndarray) -> dict[str, int]:
        values, counts = np.unique(self.y[pool], return_counts=True)
        pairs = zip(values, counts, strict=True)
        return {str(self.names.get(int(v), int(v))): int(n) for v, n in pairs}

    def carve(self, pool: np.ndarray, share: float, what: str) -> tuple[np.ndarray, np.ndarray]:
        """(rest, held-out) with class shares kept; an input error when a class is too small."""
        counts = self.counts(pool)
        small = {k: n for k, n in counts.items() if n < 2}
        if small or len(counts) < 2:
            raise self._too_few(what, counts, "needs at least 2 sequences of each class")
        try:
            if self.groups is None:
                return train_test_split(
                    pool, test_size=share, stratify=self.y[pool], random_state=self.seed
                )
            return self._carve_groups(pool, share, what, counts)
        except RawInputError:
            raise  # already worded for the user (too few groups)
        except ValueError as exc:
            raise self._too_few(what, counts, str(exc)) from None

    def _carve_groups(
        self, pool: np.ndarray, share: float, what: str, counts: dict
    ) -> tuple[np.ndarray, np.ndarray]:
        n_splits = max(2, round(1 / share))
        n_groups = len(np.unique(self.groups[pool]))
        if n_groups < n_splits:
            raise input_error(
                self.source,
                self.group,
                f"only {n_groups} group(s) in the pool for '{what}', "
                f"need at least {n_splits} to hold out {share:.0%} with whole groups",
                "Lower the fraction or provide more groups",
            )
        folds = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=self.seed)
        rest, held = next(folds.split(pool, self.y[pool], self.groups[pool]))
        if len(np.unique(self.y[pool][rest])) < 2:
            raise self._too_few(what, counts, "groups hold a single class each")
        return pool[rest], pool[held]

    def _too_few(self, what: str, counts: dict, detail: str) -> Exception:
        return input_error(
            self.source,
            self.label,
            f"too few sequences per class to carve a stratified '{what}' "
            f"split (sequences per class: {counts}): {detail}",
            "Add sequences, lower the split fractions, or give the split explicitly",
        )

    def check_both_classes(self, split: dict, options: SplitOptions, given: bool) -> None:
        """Every split must hold both classes, or training and scoring are meaningless."""
        lacking = [name for name, rows in split.items() if len(np.unique(self.y[rows])) < 2]
        if not lacking:
            return
        per_split = "; ".join(f"{name}: {self.counts(rows)}" for name, rows in split.items())
        everything = self.counts(np.concatenate(list(split.values())))
        need = math.ceil(1 / min(options.val_fraction, options.test_fraction))
        how = (
            "Give every split of the `split` column sequences of both classes"
            if given
            else f"With val_fraction={options.val_fraction} and test_fraction="
            f"{options.test_fraction} each class needs about {need} sequences or more; add "
            "sequences of the rare class, raise the fractions, or give the split explicitly"
        )
        raise input_error(
            self.source,
            self.label,
            f"split(s) {lacking} would not hold both classes (sequences per class: "
            f"{everything}; per split: {per_split})",
            how,
        )

    def check_groups(self, split: dict[str, np.ndarray]) -> None:
        """Every group in exactly one split, also when the user gave the split."""
        if self.groups is None:
            return
        shared = shared_groups(self.groups, split)
        if shared:
            raise input_error(
                self.source,
                self.group,
                f"group(s) {examples(shared)} appear in more than one "
                "split; the given split column puts one group's sequences in several splits",
                "Assign each group to a single split",
            )

"""Near-copies across splits: held-out sequences that sit far closer to train than train does.

The same patient or device recorded several times, with a little noise, is not an exact
duplicate, so the exact check misses it; a random split then spreads the copies over train and
test and the test score measures memory. Each held-out sequence's distance to its nearest
training sequence is compared with a yardstick from train itself: the median distance from a
training sequence to its k-th nearest other training sequence. The k-th, not the 1st, so
repeated recordings inside train (the very case to detect) cannot shrink the yardstick.
The k-th neighbour must stay local, though: at most the nearest `LOCAL_SHARE` of train. On a
small training split a fixed k reaches across the class (the 10th of GunPoint's 41 training
sequences is a quarter of train away), the yardstick runs large, and held-out sequences that
sit exactly as close to train as train sits to itself get flagged (GunPoint's test sequences
sit at a median 0.275 yardsticks, train's own nearest neighbours at 0.274). So
k = min(rank, max(MIN_RANK, n_train × LOCAL_SHARE)).
Everything runs on the training-set scaling and on capped samples (bounded time and memory).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from seq_pipeline.core.preprocessing import fit_scaling_stats, flat_features, standardize
from seq_pipeline.pipelines.audit.checks import finding

# Training rows whose k-th neighbour sets the yardstick: a median needs no more.
REFERENCE_ROWS = 1000
# The yardstick's neighbour lies within this share of train (a local distance, not the class
# spread), but is never nearer than the 3rd: two siblings in train still cannot shrink it.
LOCAL_SHARE = 0.05
MIN_RANK = 3


def yardstick_rank(rank: int, n_train: int) -> int:
    """The neighbour rank behind the yardstick: `rank`, kept local on small training splits."""
    return min(rank, max(MIN_RANK, int(n_train * LOCAL_SHARE)))


def sample_rows(rows: np.ndarray, cap: int, rng: np.random.Generator) -> np.ndarray:
    """At most `cap` of `rows`, sorted; all of them when there are few enough."""
    if len(rows) <= cap:
        return np.asarray(rows)
    return np.sort(rng.choice(rows, cap, replace=False))


class _TrainIndex:
    """Nearest training neighbours on the training-set scaling, with exact distances."""

    def __init__(self, x: np.ndarray, mask: np.ndarray, train: np.ndarray):
        from sklearn.neighbors import NearestNeighbors  # noqa: PLC0415

        self.x, self.mask = x, mask
        self.stats = fit_scaling_stats({"X": x, "mask": mask}, train)
        indexed = self.embed(train)
        # Columns constant over train (e.g. the mask when nothing is padded) add the same
        # amount to a query's distance to every training row: index without them, add it back.
        self.varying = indexed.std(axis=0) > 0
        self.constant = indexed[0, ~self.varying]
        self.index = NearestNeighbors().fit(indexed[:, self.varying])

    def embed(self, rows: np.ndarray) -> np.ndarray:
        z = standardize(self.x[rows], self.mask[rows], self.stats["mean"], self.stats["std"])
        return flat_features(z, self.mask[rows])

    def query(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Distances to, and positions in train of, each row's `k` nearest training rows."""
        e = self.embed(rows)
        distance, nearest = self.index.kneighbors(e[:, self.varying], n_neighbors=k)
        extra = ((e[:, ~self.varying] - self.constant) ** 2).sum(axis=1, keepdims=True)
        return np.sqrt(distance**2 + extra), nearest


def near_copies(
    *,
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    ratio: float,
    share_max: float,
    min_count: int,
    rank: int,
    max_train_rows: int,
    max_rows: int,
    seed: int,
) -> dict[str, Any]:
    """Share of val/test sequences whose nearest training sequence is a near-copy.

    A held-out sequence is a near-copy when its nearest-training-neighbour distance is below
    `ratio` × the yardstick; the check flags when more than `share_max` (and at least
    `min_count`) of the test or validation sequences are.
    """
    rng = np.random.default_rng(seed)
    train = sample_rows(split["train"], max_train_rows, rng)
    rank = yardstick_rank(rank, len(train))
    if len(train) < rank + 2:
        return finding(False, f"only {len(train)} training sequences: near-copies not checked")
    index = _TrainIndex(sequences["X"], sequences["mask"], train)
    reference = sample_rows(train, min(max_rows, REFERENCE_ROWS), rng)
    # +1: a reference row finds itself first, at distance 0.
    within, _ = index.query(reference, rank + 1)
    yardstick = float(np.median(within[:, rank]))
    if yardstick <= 0:
        return finding(False, "training sequences are mostly identical: yardstick is 0")
    out: dict[str, Any] = {
        "yardstick": yardstick,
        "rank": rank,
        "ratio": ratio,
        "train": _describe(within[:, 1] / yardstick, ratio, len(reference)),
    }
    for name in ("val", "test"):
        held = sample_rows(split.get(name, np.array([], dtype=int)), max_rows, rng)
        out[name] = _held_out(index, held, train, sequences["ids"], yardstick, ratio)
    flagged = [
        n for n in ("test", "val") if out[n]["share"] > share_max and out[n]["count"] >= min_count
    ]
    return finding(bool(flagged), _summary(out, flagged), flagged_splits=flagged, **out)


def _held_out(
    index: _TrainIndex,
    held: np.ndarray,
    train: np.ndarray,
    ids: np.ndarray,
    yardstick: float,
    ratio: float,
) -> dict[str, Any]:
    """One held-out split's near-copies, with a few (id, nearest training id) examples."""
    if not len(held):
        return _describe(np.array([]), ratio, 0)
    distance, nearest = index.query(held, 1)
    relative = distance[:, 0] / yardstick
    out = _describe(relative, ratio, len(held))
    close = np.flatnonzero(relative < ratio)[:5]
    out["examples"] = [
        {"id": str(ids[held[i]]), "train_id": str(ids[train[nearest[i, 0]]])} for i in close
    ]
    return out


def _describe(relative: np.ndarray, ratio: float, checked: int) -> dict[str, Any]:
    """Count and share of distances below `ratio` yardsticks, and their median."""
    count = int(np.sum(relative < ratio))
    return {
        "checked": checked,
        "count": count,
        "share": count / checked if checked else 0.0,
        "median_relative_distance": float(np.median(relative)) if checked else None,
        "examples": [],
    }


def _summary(out: dict[str, Any], flagged: list[str]) -> str:
    test = out["test"]
    if not flagged:
        return (
            f"no near-copies: {test['count']} of {test['checked']} test sequences lie within "
            f"{out['ratio']:g}× the typical training nearest-neighbour distance"
        )
    name = flagged[0]
    part = out[name]
    pairs = ", ".join(f"{e['id']}≈{e['train_id']}" for e in part["examples"][:3])
    return (
        f"{part['count']} of {part['checked']} {name} sequences ({part['share']:.0%}) have a "
        f"near-copy in train (nearest-neighbour distance below {out['ratio']:g}× the typical "
        f"distance between training sequences; e.g. {pairs}): repeated recordings of one "
        "source split at random. Give a `group` column (patient, device, ...) so that each "
        "source stays within one split"
    )

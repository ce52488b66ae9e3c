"""The near-copy yardstick on data whose neighbour distances are known exactly.

Training sequences sit on a line, one per integer level: an interior sequence's neighbours lie
at 1, 1, 2, 2, 3, 3, ... levels, so its k-th neighbour is ceil(k / 2) levels away (1 level =
sqrt(steps) / std in the standardized, flattened space). The yardstick, each held-out
sequence's relative distance and the flag's count and share thresholds follow in closed form.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from seq_pipeline.pipelines.audit.leakage import near_copies, yardstick_rank
from tests.pipelines.diagnose.generated import as_sequences

STEPS = 2
OPTIONS = {"ratio": 0.2, "share_max": 0.05, "max_train_rows": 20_000, "max_rows": 2000, "seed": 0}


def on_a_line(n_train: int, test_levels: list[float]):
    """Train at levels 0..n_train-1, test at the given levels; constant sequences, one feature."""
    levels = np.r_[np.arange(n_train, dtype=float), test_levels]
    x = np.repeat(levels[:, None, None], STEPS, axis=1)
    sequences = as_sequences(x, np.arange(len(levels)) % 2)
    split = {
        "train": np.arange(n_train),
        "val": np.array([], dtype=int),
        "test": np.arange(n_train, len(levels)),
    }
    return sequences, split


def level_distance(n_train: int) -> float:
    """One level in the standardized, flattened space (train std, every step counts)."""
    return math.sqrt(STEPS) / float(np.std(np.arange(n_train, dtype=float)))


@pytest.mark.parametrize(("n_train", "rank", "levels"), [(20, 3, 2), (100, 5, 3), (100, 4, 2)])
def test_the_yardstick_is_the_median_distance_to_the_rank_th_neighbour(n_train, rank, levels):
    assert yardstick_rank(rank, n_train) == rank
    sequences, split = on_a_line(n_train, [0.5])
    out = near_copies(sequences=sequences, split=split, rank=rank, min_count=1, **OPTIONS)
    assert out["rank"] == rank
    assert out["yardstick"] == pytest.approx(levels * level_distance(n_train), rel=1e-6)
    # Each training sequence's nearest other one is 1 level away.
    assert out["train"]["median_relative_distance"] == pytest.approx(1 / levels, rel=1e-6)


def test_held_out_sequences_are_near_copies_below_ratio_yardsticks():
    # Yardstick 2 levels (rank 3): 0.3 levels off train is 0.15 yardsticks (a near-copy),
    # 0.5 levels off is 0.25 (not one).
    sequences, split = on_a_line(20, [3.3, 7.3, 11.3, 4.5, 8.5, 12.5, 15.5])
    out = near_copies(sequences=sequences, split=split, rank=3, min_count=1, **OPTIONS)
    test = out["test"]
    assert (test["checked"], test["count"]) == (7, 3)
    assert test["share"] == 3 / 7
    assert test["median_relative_distance"] == pytest.approx(0.25, rel=1e-6)
    assert {e["id"] for e in test["examples"]} == {"s00020", "s00021", "s00022"}
    assert [e["train_id"] for e in test["examples"]] == ["s00003", "s00007", "s00011"]
    assert out["flag"] and out["flagged_splits"] == ["test"]


@pytest.mark.parametrize(("min_count", "flag"), [(2, True), (3, True), (4, False)])
def test_the_flag_needs_at_least_min_count_near_copies(min_count, flag):
    sequences, split = on_a_line(20, [3.3, 7.3, 11.3, 4.5, 8.5, 12.5, 15.5])
    out = near_copies(sequences=sequences, split=split, rank=3, min_count=min_count, **OPTIONS)
    assert out["test"]["count"] == 3
    assert out["flag"] is flag


@pytest.mark.parametrize(("share_max", "flag"), [(0.25, True), (0.3, False), (0.35, False)])
def test_the_flag_needs_a_share_strictly_above_share_max(share_max, flag):
    levels = [3.3, 7.3, 11.3, 4.5, 8.5, 12.5, 15.5, 5.5, 9.5, 13.5]  # the first 3 of 10 near
    sequences, split = on_a_line(20, levels)
    options = {**OPTIONS, "share_max": share_max}
    out = near_copies(sequences=sequences, split=split, rank=3, min_count=1, **options)
    assert out["test"]["share"] == 0.3
    assert out["flag"] is flag


@pytest.mark.parametrize(
    ("rank", "n_train", "expected"),
    [(10, 20, 3), (10, 79, 3), (10, 80, 4), (10, 199, 9), (10, 200, 10), (10, 10_000, 10)],
)
def test_the_yardstick_rank_stays_local_on_small_training_splits(rank, n_train, expected):
    # k = min(rank, max(3, n_train × 5 %)): 5 % of 80 is the first share above the floor of 3.
    assert yardstick_rank(rank, n_train) == expected


def test_too_few_training_sequences_for_the_rank_are_not_checked():
    # rank 3 needs rank + 2 = 5 training sequences; 4 are too few, 5 are enough.
    sequences, split = on_a_line(4, [0.5])
    out = near_copies(sequences=sequences, split=split, rank=3, min_count=1, **OPTIONS)
    assert out == {
        "flag": False,
        "summary": "only 4 training sequences: near-copies not checked",
    }
    sequences, split = on_a_line(5, [0.5])
    assert "yardstick" in near_copies(
        sequences=sequences, split=split, rank=3, min_count=1, **OPTIONS
    )

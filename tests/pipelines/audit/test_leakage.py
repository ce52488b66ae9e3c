"""Near-copies across splits: repeated recordings split at random, vs independent sequences."""

from __future__ import annotations

import numpy as np

from seq_pipeline.pipelines.audit.leakage import near_copies, sample_rows, yardstick_rank
from tests.pipelines.diagnose.generated import (
    as_sequences,
    make_split,
    pulse_sequences,
    recorded_again,
)

DEFAULTS = {
    "ratio": 0.2,
    "share_max": 0.05,
    "min_count": 3,
    "rank": 10,
    "max_train_rows": 20_000,
    "max_rows": 2000,
    "seed": 0,
}


def test_every_sequence_recorded_three_times_is_flagged_with_share_ids_and_advice():
    sequences = as_sequences(*recorded_again(*pulse_sequences(200), copies=3, noise=0.01))
    split = make_split(sequences)
    result = near_copies(sequences=sequences, split=split, **DEFAULTS)
    assert result["flag"]
    assert result["flagged_splits"] == ["test", "val"]
    # A test sequence's two siblings both miss train with probability 0.4² ≈ 0.16.
    assert 0.7 < result["test"]["share"] < 0.95
    assert result["test"]["median_relative_distance"] < 0.05
    example = result["test"]["examples"][0]
    assert example["id"] in sequences["ids"][split["test"]]
    assert example["train_id"] in sequences["ids"][split["train"]]
    # The copies of one source are 200 rows apart: s00005 ≈ s00205 or s00405.
    assert (int(example["id"][1:]) - int(example["train_id"][1:])) % 200 == 0
    assert "`group` column" in result["summary"]
    assert f"{result['test']['count']} of {len(split['test'])} test sequences" in result["summary"]


def test_copies_kept_within_train_are_not_a_leak():
    x, y = pulse_sequences(300)
    source = as_sequences(x, y)
    split = make_split(source)
    # Every training sequence recorded twice more, all copies in train: test stays clean.
    train = split["train"]
    extra_x, _ = recorded_again(x[train], y[train], copies=2, noise=0.01)
    n = len(y)
    sequences = as_sequences(np.concatenate([x, extra_x]), np.concatenate([y, y[train], y[train]]))
    split = {**split, "train": np.concatenate([train, np.arange(n, n + 2 * len(train))])}
    result = near_copies(sequences=sequences, split=split, **DEFAULTS)
    assert not result["flag"]
    assert result["train"]["share"] > 0.9  # the yardstick (10th neighbour) ignores them
    assert result["test"]["count"] == 0
    assert result["test"]["median_relative_distance"] > 0.5


def test_independent_sequences_have_no_near_copies():
    sequences = as_sequences(*pulse_sequences(400))
    result = near_copies(sequences=sequences, split=make_split(sequences), **DEFAULTS)
    assert not result["flag"]
    assert result["test"]["count"] == 0
    assert result["test"]["median_relative_distance"] > 0.5
    assert result["summary"].startswith("no near-copies")


def test_sampling_caps_bound_the_rows_compared():
    sequences = as_sequences(*recorded_again(*pulse_sequences(200), copies=3))
    options = {**DEFAULTS, "max_rows": 50, "max_train_rows": 100}
    result = near_copies(sequences=sequences, split=make_split(sequences), **options)
    assert result["test"]["checked"] == 50
    assert result["flag"]  # a capped train index still finds a share of the copies
    rng = np.random.default_rng(0)
    assert len(sample_rows(np.arange(10), 20, rng)) == 10
    picked = sample_rows(np.arange(100), 7, rng)
    assert len(picked) == 7 and (np.diff(picked) > 0).all()


def test_columns_constant_in_train_still_count_in_held_out_distances():
    sequences = as_sequences(*pulse_sequences(300))
    split = make_split(sequences)
    test = split["test"]
    # Test rows copy training rows but are half padding: the mask (constant over train, so
    # left out of the index) must still separate them.
    sequences["X"][test] = sequences["X"][split["train"][: len(test)]]
    sequences["mask"][test, 6:] = False
    result = near_copies(sequences=sequences, split=split, **DEFAULTS)
    assert result["test"]["count"] == 0
    sequences["mask"][test, 6:] = True
    assert near_copies(sequences=sequences, split=split, **DEFAULTS)["test"]["share"] == 1.0


def smooth_curves(n: int, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Independent low-dimensional curves (a bump of random place and width), like GunPoint."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, 60)[None, :]
    y = (rng.random(n) < 0.5).astype(np.int8)
    centre, width = rng.uniform(0.35, 0.65, (n, 1)), rng.uniform(0.05, 0.15, (n, 1))
    return (np.exp(-0.5 * ((t - centre) / width) ** 2) * (1 + y[:, None]))[:, :, None], y


def test_small_training_split_keeps_the_yardstick_local():
    # 41 training curves: the 10th neighbour is a quarter of train away; a fixed rank 10 put
    # 8 of 18 independent test curves under 0.2 yardsticks (GunPoint's official split: 38/150).
    sequences = as_sequences(*smooth_curves(70))
    split = make_split(sequences)
    assert len(split["train"]) == 41 and yardstick_rank(10, 41) == 3
    result = near_copies(sequences=sequences, split=split, **DEFAULTS)
    assert result["rank"] == 3
    assert not result["flag"]
    # Held-out curves sit as close to train as train sits to itself: no sign of a copy.
    test, train = (
        result["test"]["median_relative_distance"],
        result["train"]["median_relative_distance"],
    )
    assert abs(test - train) < 0.1
    assert yardstick_rank(10, 200) == 10 and yardstick_rank(10, 5000) == 10


def test_small_training_split_still_catches_planted_copies():
    sequences = as_sequences(*recorded_again(*smooth_curves(24), copies=3, noise=0.01))
    split = make_split(sequences)
    result = near_copies(sequences=sequences, split=split, **DEFAULTS)
    assert len(split["train"]) < 60 and result["rank"] == 3
    assert result["flag"] and result["test"]["share"] > 0.7
    assert result["test"]["median_relative_distance"] < 0.1

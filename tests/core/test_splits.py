"""Split: stratified, deterministic, group-kept, and respectful of user-given splits."""

from __future__ import annotations

import numpy as np
import pytest

from seq_pipeline.core.errors import RawInputError
from seq_pipeline.core.splits import SplitOptions, split_sequences


def fake(n: int = 200, groups: int | None = None, given: np.ndarray | None = None) -> dict:
    rng = np.random.default_rng(0)
    tensors = {"y": (rng.random(n) < 0.3).astype(np.int8)}
    if groups:
        tensors["group"] = np.array([f"g{i % groups}" for i in range(n)])
    if given is not None:
        tensors["split"] = given
    return tensors


def parts_cover_all_once(split: dict, n: int) -> bool:
    joined = np.concatenate([split["train"], split["val"], split["test"]])
    return sorted(joined.tolist()) == list(range(n))


def class_counts_within(tensors, parts, pool, share, slack) -> bool:
    """Each class's count in `parts` is `share` of its count in `pool`, give or take `slack`."""
    y = tensors["y"]
    return all(abs(np.sum(y[parts] == c) - share * np.sum(y[pool] == c)) <= slack for c in (0, 1))


@pytest.mark.parametrize("seed", range(20))
def test_stratified_to_one_sequence_per_class_and_disjoint(seed):
    # An unstratified split misses these bounds for most seeds (the positives in a 30-row test
    # set vary by about ±2.5), so passing cannot be luck.
    tensors = fake()
    split = split_sequences(tensors, SplitOptions(), seed=seed)
    assert parts_cover_all_once(split, 200)
    everything = np.arange(200)
    assert class_counts_within(tensors, split["test"], everything, 0.15, 1)
    pool = np.concatenate([split["train"], split["val"]])
    assert class_counts_within(tensors, split["val"], pool, 0.15 / 0.85, 1)
    assert len(split["test"]) == 30
    assert abs(len(split["val"]) - 30) <= 1  # 0.15 / 0.85 of 170, rounded up


@pytest.mark.parametrize("seed", range(20))
def test_validation_carved_from_a_given_train_part_is_stratified(seed):
    given = np.array(["train"] * 150 + ["test"] * 50)
    tensors = fake(given=given)
    split = split_sequences(tensors, SplitOptions(val_fraction=0.2), seed=seed)
    assert class_counts_within(tensors, split["val"], np.arange(150), 0.2, 1)
    assert split["test"].tolist() == list(range(150, 200))


@pytest.mark.parametrize("seed", range(10))
def test_test_carved_from_a_given_train_part_is_stratified(seed):
    given = np.array(["train"] * 160 + ["val"] * 40)
    tensors = fake(given=given)
    split = split_sequences(tensors, SplitOptions(test_fraction=0.25), seed=seed)
    assert class_counts_within(tensors, split["test"], np.arange(160), 0.25, 1)
    assert split["val"].tolist() == list(range(160, 200))
    assert parts_cover_all_once(split, 200)


def test_same_seed_same_indices_and_other_seed_differs():
    a = split_sequences(fake(), SplitOptions(), seed=3)
    b = split_sequences(fake(), SplitOptions(), seed=3)
    c = split_sequences(fake(), SplitOptions(), seed=4)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["test"], c["test"])


def test_groups_stay_in_one_split():
    tensors = fake(groups=40)
    split = split_sequences(tensors, SplitOptions(), seed=1)
    assert parts_cover_all_once(split, 200)
    seen = [set(tensors["group"][split[k]]) for k in ("train", "val", "test")]
    assert not (seen[0] & seen[1]) and not (seen[0] & seen[2]) and not (seen[1] & seen[2])


def test_user_given_test_is_kept_and_val_carved_from_train_only():
    given = np.array(["train"] * 150 + ["test"] * 50)
    tensors = fake(given=given)
    split = split_sequences(tensors, SplitOptions(val_fraction=0.2), seed=1)
    assert split["test"].tolist() == list(range(150, 200))
    assert set(split["val"]) < set(range(150))
    assert len(split["val"]) == 30


def test_user_given_split_with_groups_keeps_groups_whole():
    given = np.array(["train"] * 150 + ["test"] * 50)
    tensors = fake(given=given)
    tensors["group"] = np.array([f"g{i // 5}" for i in range(200)])
    split = split_sequences(tensors, SplitOptions(val_fraction=0.2), seed=1)
    assert not set(tensors["group"][split["val"]]) & set(tensors["group"][split["train"]])
    assert split["test"].tolist() == list(range(150, 200))


def test_user_split_that_cuts_a_group_is_an_error():
    given = np.array(["train"] * 150 + ["test"] * 50)
    tensors = fake(given=given, groups=10)
    with pytest.raises(RawInputError, match=r"group\(s\) \['g0'"):
        split_sequences(tensors, SplitOptions(), seed=1, report={"source": "x.csv"})


def test_class_too_small_names_class_and_counts():
    tensors = {"y": np.array([0] * 30 + [1], dtype=np.int8)}
    mapping = {"mapping": {"normal": 0, "abnormal": 1}}
    with pytest.raises(RawInputError) as info:
        split_sequences(tensors, SplitOptions(), 1, mapping, {"source": "f.csv"})
    assert "f.csv" in str(info.value) and "'abnormal': 1" in str(info.value)


@pytest.mark.parametrize("test_fraction", [0.2, 0.5])
def test_group_split_holds_out_about_the_fraction_of_groups(test_fraction):
    tensors = fake(n=400, groups=40)
    options = SplitOptions(val_fraction=0.2, test_fraction=test_fraction)
    split = split_sequences(tensors, options, seed=2)
    assert parts_cover_all_once(split, 400)
    n_test_groups = len(set(tensors["group"][split["test"]]))
    assert abs(n_test_groups - test_fraction * 40) <= 2


def test_as_many_groups_as_folds_is_enough():
    # test 0.2 → 5 folds from 5 groups; val 0.25 of the rest → 4 folds from 4 groups.
    tensors = fake(groups=5)
    split = split_sequences(tensors, SplitOptions(val_fraction=0.2, test_fraction=0.2), seed=1)
    assert [len(set(tensors["group"][split[k]])) for k in ("train", "val", "test")] == [3, 1, 1]


def test_too_few_groups_names_file_column_counts_and_fix():
    tensors = fake(groups=4)
    report = {"source": "x.csv", "columns": {"group": "patient"}}
    with pytest.raises(RawInputError) as info:
        split_sequences(tensors, SplitOptions(test_fraction=0.2), seed=1, report=report)
    assert str(info.value) == (
        "x.csv: column 'patient': only 4 group(s) in the pool for 'test', need at least 5 to "
        "hold out 20% with whole groups. Lower the fraction or provide more groups"
    )


def test_groups_of_a_single_class_each_are_refused():
    # Class 1 lives in one group of six: a seed that holds that group out leaves one class.
    tensors = {
        "y": np.array([1] * 10 + [0] * 50, dtype=np.int8),
        "group": np.array([f"g{i // 10}" for i in range(60)]),
    }
    options = SplitOptions(val_fraction=0.45, test_fraction=0.2)
    # Refused either while carving whole groups, or by the check that every split holds both
    # classes (whichever the seed reaches first); both name the counts per class.
    pattern = (
        r"(stratified '(test|val)' split \(sequences per class: \{'0': \d+, '1': \d+\}\): "
        r"groups hold a single class each\.|split\(s\) \[.*\] would not hold both classes "
        r"\(sequences per class: \{'0': 50, '1': 10\})"
    )
    with pytest.raises(RawInputError, match=pattern):
        for seed in range(20):
            split_sequences(tensors, options, seed=seed)


def test_too_few_per_class_message_in_full():
    tensors = {"y": np.array([0] * 30 + [1], dtype=np.int8)}
    mapping = {"mapping": {"normal": 0, "abnormal": 1}}
    report = {"source": "f.csv", "columns": {"label": "outcome"}}
    with pytest.raises(RawInputError) as info:
        split_sequences(tensors, SplitOptions(), 1, mapping, report)
    assert str(info.value) == (
        "f.csv: column 'outcome': too few sequences per class to carve a stratified 'test' "
        "split (sequences per class: {'normal': 30, 'abnormal': 1}): needs at least 2 "
        "sequences of each class. Add sequences, lower the split fractions, or give the "
        "split explicitly"
    )


def test_a_user_split_cutting_a_group_names_the_group_column_and_fix():
    given = np.array(["train"] * 150 + ["test"] * 50)
    tensors = fake(given=given, groups=10)
    report = {"source": "x.csv", "columns": {"group": "patient"}}
    with pytest.raises(RawInputError) as info:
        split_sequences(tensors, SplitOptions(), seed=1, report=report)
    assert str(info.value).startswith("x.csv: column 'patient': group(s) ['g0', ")
    assert str(info.value).endswith(
        "appear in more than one split; the given split column puts one group's sequences in "
        "several splits. Assign each group to a single split"
    )


def test_a_class_of_exactly_two_can_still_be_carved():
    y = np.array([1, 1] + [0] * 18 + [0, 1] * 5, dtype=np.int8)
    given = np.array(["train"] * 20 + ["test"] * 10)
    split = split_sequences({"y": y, "split": given}, SplitOptions(val_fraction=0.5), seed=0)
    assert y[split["val"]].sum() == 1 and y[split["train"]].sum() == 1


def test_a_single_class_pool_is_refused_before_sklearn_sees_it():
    with pytest.raises(RawInputError) as info:
        split_sequences({"y": np.zeros(20, dtype=np.int8)}, SplitOptions(), seed=0)
    assert str(info.value).startswith(
        "<raw input>: column 'label': too few sequences per class to carve a stratified 'test' "
        "split (sequences per class: {'0': 20}): needs at least 2 sequences of each class."
    )


def test_errors_name_the_split_being_carved_and_count_only_its_pool():
    # Given test rows; the val carve from 6 train rows (3 per class) at 10% cannot hold both
    # classes, and the message counts the train rows only, not the whole table.
    y = np.array([0, 1] * 3 + [0] * 20, dtype=np.int8)
    given = np.array(["train"] * 6 + ["test"] * 20)
    with pytest.raises(RawInputError) as info:
        split_sequences({"y": y, "split": given}, SplitOptions(val_fraction=0.1), seed=0)
    message = str(info.value)
    assert (
        "a stratified 'val' split (sequences per class: {'0': 3, '1': 3}): The test_size" in message
    )
    given = np.array(["train"] * 6 + ["val"] * 20)
    with pytest.raises(RawInputError, match=r"stratified 'test' split \(sequences per class: "):
        split_sequences({"y": y, "split": given}, SplitOptions(test_fraction=0.1), seed=0)


def test_sklearn_refusals_are_worded_with_the_counts():
    y = np.array([0, 1] * 5, dtype=np.int8)
    with pytest.raises(RawInputError) as info:
        split_sequences({"y": y}, SplitOptions(test_fraction=0.1), seed=0)
    assert str(info.value).startswith(
        "<raw input>: column 'label': too few sequences per class to carve a stratified 'test' "
        "split (sequences per class: {'0': 5, '1': 5}): The test_size = 1 should be greater or "
        "equal to the number of classes = 2"
    )


def test_group_split_is_reproducible_from_the_seed():
    tensors = fake(n=300, groups=30)
    a, b = (split_sequences(tensors, SplitOptions(), seed=5) for _ in range(2))
    assert all(np.array_equal(a[k], b[k]) for k in a)


def test_the_split_is_logged_with_sizes_rates_and_whether_it_was_given(caplog):
    caplog.set_level("INFO", logger="seq_pipeline.core.splits")
    y = np.array([0, 1] * 10, dtype=np.int8)
    split_sequences({"y": y}, SplitOptions(val_fraction=0.2, test_fraction=0.2), seed=0)
    given = np.array(["train"] * 10 + ["val"] * 5 + ["test"] * 5)
    split_sequences({"y": y, "split": given}, SplitOptions(), seed=0)
    assert caplog.messages == [
        "Split train: 12 (50.0% positive), val: 4 (50.0% positive), test: 4 (50.0% positive)",
        "Split train: 10 (50.0% positive), val: 5 (40.0% positive), test: 5 (60.0% positive) "
        "(user-given split kept)",
    ]


def test_a_failing_validation_carve_is_named_val():
    # Test carve fine (1 per class); the val carve of 5 % of the pool holds a single row.
    y = np.array([0, 1] * 5, dtype=np.int8)
    options = SplitOptions(val_fraction=0.05, test_fraction=0.2)
    with pytest.raises(RawInputError, match=r"stratified 'val' split \(sequences per class: "):
        split_sequences({"y": y}, options, seed=0)

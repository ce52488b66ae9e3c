"""The shared seed and the top-level keys: odd-but-typed values and the ends of the seed range."""

from __future__ import annotations

import pytest

from seq_pipeline.core.errors import ParameterError
from seq_pipeline.core.parameters import SEED_MAX, check_known_keys, check_seed


@pytest.mark.parametrize("seed", [0, 1, 42, SEED_MAX])
def test_seeds_across_numpys_range_are_accepted_as_they_are(seed):
    assert check_seed(seed) == seed
    assert type(check_seed(seed)) is int


@pytest.mark.parametrize(
    "seed",
    [True, False, -1, SEED_MAX + 1, 1.0, "42", None, [1]],
)
def test_a_seed_that_is_not_an_int_in_range_is_refused_naming_the_value(seed):
    # A bool is an int in Python: `seed: yes` in YAML must not quietly become seed 1.
    with pytest.raises(ParameterError) as error:
        check_seed(seed)
    assert f"Parameter 'seed' must be an integer from 0 to {SEED_MAX}, got {seed!r}" in str(
        error.value
    )


def test_known_keys_pass_and_an_unknown_one_names_the_closest_known_key():
    check_known_keys(["seed", "train_options"], ["seed", "train_options", "columns"])
    check_known_keys([], ["seed"])
    with pytest.raises(ParameterError) as error:
        check_known_keys(["seed", "trian_options", "zzz"], ["seed", "train_options"])
    lines = str(error.value).splitlines()
    assert lines[0] == "Unknown parameter 'trian_options'; did you mean 'train_options'?"
    assert lines[1] == "Unknown parameter 'zzz'"
    assert "Known top-level parameters: ['seed', 'train_options']" in lines[2]
    assert lines[2].endswith(
        "Each comes from conf/base/parameters*.yml (or is a run input such as raw_path); a key "
        "nobody reads would be ignored silently, so the run stops instead."
    )


def test_an_empty_key_is_unknown_too():
    with pytest.raises(ParameterError, match="Unknown parameter ''"):
        check_known_keys([""], ["seed"])

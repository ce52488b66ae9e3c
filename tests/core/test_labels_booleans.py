"""positive_label as YAML delivers it: booleans for yes/no/on/off, ints, and their text."""

from __future__ import annotations

import logging

import pytest

from seq_pipeline.core.labels import choose_positive


@pytest.mark.parametrize(
    ("values", "positive_label", "expected"),
    [
        (["no", "yes"], True, "yes"),
        (["NO", "YES"], True, "YES"),  # YAML words match whatever their case
        (["off", "on"], False, "off"),
        (["0", "1"], False, "0"),
        (["False", "True"], True, "True"),  # the label's own text wins
        (["no", "yes"], 1, "1"),  # an int is not a boolean, even though 1 == True
        (["no", "yes"], "yes", "yes"),
        (["a", "b"], True, "True"),  # no YAML word: the key, refused by the caller
        (["on", "yes"], True, "True"),  # two candidates: ambiguous, so not guessed
    ],
)
def test_the_configured_positive_label(values, positive_label, expected):
    assert choose_positive(values, positive_label) == expected


def test_a_boolean_taken_as_a_label_word_is_logged(caplog):
    with caplog.at_level(logging.INFO, logger="seq_pipeline.core.labels"):
        assert choose_positive(["n", "y"], False) == "n"
    assert caplog.messages == [
        "positive_label False (YAML reads yes/no/on/off as booleans) taken as the label 'n'"
    ]

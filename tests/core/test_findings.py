"""Finding names: one enum whose members are their own JSON strings."""

from __future__ import annotations

import json

from seq_pipeline.core.findings import Finding


def test_a_member_is_its_string_in_dicts_json_and_text():
    read_back = json.loads(json.dumps({Finding.NEAR_COPIES: {"flag": True}}))
    assert list(read_back) == ["near_copies"]
    assert read_back[Finding.NEAR_COPIES] == {"flag": True}
    assert f"{Finding.LABEL_ORDER}" == str(Finding.LABEL_ORDER) == "label_order"
    assert Finding("distribution_shift") is Finding.DISTRIBUTION_SHIFT


def test_names_are_unique_snake_case():
    values = [f.value for f in Finding]
    assert len(set(values)) == len(values)
    assert all(v == v.lower() and " " not in v for v in values)


def test_a_format_spec_applies_to_the_string():
    assert f"{Finding.NEAR_COPIES:>13}|" == "  near_copies|"

"""`kedro run` options with a bad value stop at parsing, naming the option, value and form."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from seq_pipeline.cli import cli


def invoke(*args: str):
    return CliRunner().invoke(cli, ["run", *args])


@pytest.mark.parametrize(
    "value", ["model", "model:", "model:latest", "model:2026-11-29", ":2026-11-29T01.20.57.365Z"]
)
def test_load_versions_without_a_version_names_the_value_and_the_form(value):
    result = invoke("--pipelines", "evaluate", "--load-versions", value)
    assert result.exit_code == 2
    assert f"Invalid value for '--load-versions' / '-lv': {value!r} is not <dataset>:<version>" in (
        result.output
    )
    assert "model:2026-11-29T01.20.57.365Z" in result.output
    assert "NoneType" not in result.output and "--verbose" not in result.output


def test_well_formed_load_versions_are_parsed_per_dataset():
    from seq_pipeline.cli import _load_versions

    value = "model:2026-11-29T01.20.57.365Z, scaler:2026-11-30T10.00.00.000Z"
    assert _load_versions(None, None, value) == {
        "model": "2026-11-29T01.20.57.365Z",
        "scaler": "2026-11-30T10.00.00.000Z",
    }


def test_a_yaml_tag_in_params_names_the_parameter_and_runs_nothing(tmp_path):
    planted = tmp_path / "planted"
    value = f'seed=3,raw_path=!!python/object/apply:os.system ["touch {planted}"]'
    result = invoke("--pipelines", "ingest", "--params", value)
    assert result.exit_code == 2
    assert "Invalid value for '--params': parameter 'raw_path': the value '!!python/" in (
        result.output
    )
    assert "ConstructorError" in result.output and "nothing was run" in result.output
    assert not planted.exists()
    assert list(tmp_path.iterdir()) == []

"""The data root's refusals name where the value came from, with credentials masked."""

from __future__ import annotations

import pytest

from seq_pipeline.framework.data_root import VARIABLE, resolve_data_root
from seq_pipeline.framework.runs import RunError


def test_no_value_is_refused_as_empty_and_names_the_globals_file(monkeypatch):
    monkeypatch.delenv(VARIABLE, raising=False)
    with pytest.raises(RunError) as error:
        resolve_data_root(None, "/project")
    assert str(error.value).startswith(
        "the data root is '', from data_root in conf/<env>/globals.yml: give a folder"
    )


def test_an_unknown_protocol_is_refused_with_the_url_and_variable_masked(monkeypatch):
    url = "nosuchproto://user:SECRET@host/data"
    monkeypatch.setenv(VARIABLE, url)
    with pytest.raises(RunError) as error:
        resolve_data_root(url, "/project")
    message = str(error.value)
    assert message.startswith(
        "the data root 'nosuchproto://<redacted>@host/data', from the environment variable "
        f"{VARIABLE} (= 'nosuchproto://<redacted>@host/data'), cannot be opened: "
    )
    assert "SECRET" not in message


def test_only_trailing_slashes_are_stripped_from_a_url():
    assert resolve_data_root("memory://bucketX/", "/project") == "memory://bucketX"
    assert resolve_data_root("memory://bucket//", "/project") == "memory://bucket"


def test_an_absolute_or_home_path_is_kept_outside_the_project(monkeypatch):
    monkeypatch.setenv("HOME", "/home/someone")
    assert resolve_data_root("/abs/data", "/project") == "/abs/data"
    assert resolve_data_root("~/data", "/project") == "/home/someone/data"

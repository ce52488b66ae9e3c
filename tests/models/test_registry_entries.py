"""Registering architectures: names are unique, `auto` is reserved, adapt steps are optional."""

from __future__ import annotations

import pytest

from seq_pipeline.models import registry
from seq_pipeline.models.registry import Architecture, BilstmSizes, architecture, names, register


@pytest.fixture
def scratch_registry(monkeypatch):
    """A copy of the registry, so a test's registrations do not outlive it."""
    monkeypatch.setattr(registry, "REGISTRY", dict(registry.REGISTRY))
    return registry.REGISTRY


def _entry(name):
    return Architecture(name, BilstmSizes, "seq_pipeline.models.bilstm:build", None)


def test_a_new_name_is_registered_and_found(scratch_registry):
    entry = _entry("tiny")
    assert register(entry) is entry
    assert architecture("tiny") is entry
    assert names()[-1] == "tiny"


@pytest.mark.parametrize("name", ["bilstm", "auto"])
def test_a_taken_or_reserved_name_is_refused(scratch_registry, name):
    before = dict(scratch_registry)
    with pytest.raises(ValueError, match=f"^architecture '{name}' is already registered$"):
        register(_entry(name))
    assert scratch_registry == before


def test_names_keep_registration_order():
    assert names()[:4] == ("bilstm", "lstm_fcn", "inception", "minirocket")


def test_only_an_architecture_with_an_adapt_step_has_one():
    assert architecture("bilstm").adapt_function() is None
    adapt = architecture("minirocket").adapt_function()
    assert callable(adapt) and adapt.__name__ == "adapt"
    assert architecture("bilstm").build_function().__module__ == "seq_pipeline.models.bilstm"


def test_importing_the_layers_imports_every_architectures_module(monkeypatch):
    imported = []
    monkeypatch.setattr(registry, "import_module", imported.append)
    registry.import_layers()
    assert imported == [
        "seq_pipeline.models.layers",
        *(entry.builder.split(":")[0] for entry in registry.REGISTRY.values()),
    ]
    assert "seq_pipeline.models.bilstm" in imported

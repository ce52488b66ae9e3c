"""Which run a session reads, on a stand-in store that records how strictly it was read."""

from __future__ import annotations

from typing import ClassVar

import pytest

from seq_pipeline.framework import run_choice
from seq_pipeline.framework.run_choice import is_complete, latest_complete, resolve_run_id
from seq_pipeline.framework.runs import RunError


class Store:
    """Runs with part states and outputs; every read logs its `strict`."""

    def __init__(self, runs):
        self.runs, self.reads = runs, []

    def run_ids(self):
        return list(self.runs)

    def part_states(self, run_id, *, strict=True):
        self.reads.append(("states", strict))
        return self.runs[run_id]["states"]

    def outputs(self, run_id, *, strict=True):
        self.reads.append(("outputs", strict))
        return self.runs[run_id]["outputs"]


class Lineage:
    """No stale artifacts; records how strictly the lineage was read."""

    reads: ClassVar[list] = []

    def __init__(self, store, run_id, *, strict=True):
        Lineage.reads.append(strict)

    def problems(self):
        return []


@pytest.fixture(autouse=True)
def lineage(monkeypatch):
    Lineage.reads = []
    monkeypatch.setattr(run_choice, "Lineage", Lineage)
    return Lineage


@pytest.mark.parametrize(
    ("states", "complete"),
    [
        ({"a": "succeeded", "b": "superseded"}, True),
        ({"a": "succeeded", "b": "failed"}, False),
        ({}, False),
    ],
)
def test_a_run_is_complete_when_every_part_succeeded_or_was_redone(states, complete):
    store = Store({"r1": {"states": states, "outputs": set()}})
    assert is_complete(store, "r1", strict=False) is complete


def test_completeness_reads_states_and_lineage_as_strictly_as_asked(lineage):
    store = Store({"r1": {"states": {"a": "succeeded"}, "outputs": set()}})
    is_complete(store, "r1", strict=False)
    is_complete(store, "r1")
    assert store.reads == [("states", False), ("states", True)]
    assert lineage.reads == [False, True]


def test_the_latest_complete_run_with_the_outputs_is_read_leniently(lineage):
    runs = {
        "r1": {"states": {"a": "succeeded"}, "outputs": {"x", "y"}},
        "r2": {"states": {"a": "succeeded"}, "outputs": {"x"}},
        "r3": {"states": {"a": "running"}, "outputs": {"x", "y"}},
    }
    store = Store(runs)
    assert latest_complete(store, {"y"}) == "r1"
    # A damaged record elsewhere must not stop the search: every read is lenient.
    assert {strict for _, strict in store.reads} == {False}
    assert set(lineage.reads) == {False}


def test_a_given_run_id_is_checked_and_kept():
    assert resolve_run_id("r-7", "/nowhere", {"model"}) == "r-7"


def test_no_run_with_the_upstream_outputs_names_them_and_the_fix(tmp_path):
    with pytest.raises(RunError) as error:
        resolve_run_id(None, str(tmp_path), {"params:x", "model", "primary_sequences"})
    assert str(error.value) == (
        f"no complete run under '{tmp_path}' has ['model', 'primary_sequences']: run the "
        "upstream pipelines first, or pass --params run_id=<id> of a run that has them"
    )

"""The run folder of a session given no run id: the newest complete run, else `no-run`."""

from __future__ import annotations

from seq_pipeline.framework.latest_run import NO_RUN, latest_run, run_or_latest
from seq_pipeline.framework.runs import RunStore


def make_run(root: str, run_id: str, status: str) -> None:
    store = RunStore(f"{root}/runs")
    store.write_manifest(run_id, {"run_id": run_id})
    store.write_status(run_id, "__default__", {"status": status})


def test_the_newest_complete_run_is_chosen(tmp_path):
    root = str(tmp_path / "a")
    make_run(root, "20260101T000000000Z-aaaaaa", "succeeded")
    make_run(root, "20260102T000000000Z-bbbbbb", "succeeded")
    make_run(root, "20260103T000000000Z-cccccc", "running")  # newest, not complete
    assert latest_run(root) == "20260102T000000000Z-bbbbbb"


def test_without_a_complete_run_the_placeholder_stands(tmp_path):
    assert latest_run(str(tmp_path / "empty")) == NO_RUN
    root = str(tmp_path / "b")
    make_run(root, "20260101T000000000Z-aaaaaa", "failed")
    assert latest_run(root) == NO_RUN


def test_a_given_run_id_is_used_without_reading_the_store():
    # No such protocol: any look-up would fail; a given id never looks.
    assert run_or_latest("nosuchprotocol://bucket/seq", "r1") == "r1"
    assert run_or_latest("nosuchprotocol://bucket/seq", None) == NO_RUN


def test_without_a_run_id_the_newest_complete_run_under_the_root_is_used(tmp_path):
    root = str(tmp_path / "c")
    make_run(root, "20260101T000000000Z-aaaaaa", "succeeded")
    assert run_or_latest(root) == "20260101T000000000Z-aaaaaa"


def test_a_store_under_a_url_is_found_by_its_protocol():
    # memory:// names its protocol as a plain string, not a tuple like the local one.
    root = "memory://latest-run-test/seq"
    make_run(root, "20260101T000000000Z-aaaaaa", "succeeded")
    assert latest_run(root) == "20260101T000000000Z-aaaaaa"

"""A bad part fails a sharded run as clearly as a local one, on both engines, losing nothing.

Each test first makes a good sharded run into a store, then runs on bad parts into the
same store: the error names the part file, the column and the ids; the raw parts and every
file of the earlier run are byte for byte unchanged; the half-written shard version (no
index) is never loaded, so `primary_shards` still loads the earlier run's shards.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from kedro.runner import SequentialRunner

from seq_pipeline.core.errors import RawInputError
from tests.pipelines.ingest.factory import ragged_table, sha256
from tests.pipelines.ingest.runs import snapshot
from tests.pipelines.shard.factory import DASK, SHARD, shard_catalog, write_parts

ENGINES = {"local": {}, "dask": DASK}
# Worker processes: the error (and each part's loader) crosses a process boundary. Slower to
# start (~10 s per cluster), so used where the error comes from a worker building shards.
DASK_PROCESSES = {**DASK, "processes": True}


@pytest.fixture(params=list(ENGINES))
def engine(request) -> dict:
    if request.param == "dask":
        pytest.importorskip("dask.distributed", reason="the `cluster` extra (dask) is absent")
    return ENGINES[request.param]


def refused(tmp_path, parts: Path, engine: dict, *fragments: str) -> str:
    """A good run, then the shard run on `parts` fails naming every fragment."""
    store = tmp_path / "store"
    good = write_parts(ragged_table(40), tmp_path / "good", n_parts=4)
    SequentialRunner().run(SHARD, shard_catalog(good, store))
    saved = snapshot(store)
    before = sha256(parts)
    catalog = shard_catalog(parts, store, shard_options=engine)
    with pytest.raises(RawInputError) as info:
        SequentialRunner().run(SHARD, catalog)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert sha256(parts) == before
    after = snapshot(store)
    assert {p: after.get(p) for p in saved} == saved
    assert catalog.load("primary_shards").n_sequences == 40  # the earlier run's shards
    return message


def rewrite(part: Path, change) -> None:
    """Replace one Parquet part by `change(table)`."""
    change(pd.read_parquet(part)).to_parquet(part, index=False)


def test_a_non_numeric_value_deep_in_part_3_names_the_part_column_and_sequence(tmp_path, engine):
    table = ragged_table(80)
    table["a"] = table["a"].astype(str)  # text in every part: only the value is wrong
    table.loc[table["sequence_id"] == "s055", "a"] = "n/a"
    parts = write_parts(table, tmp_path / "bad", n_parts=4)
    engine = DASK_PROCESSES if engine == DASK else engine
    refused(tmp_path, parts, engine, "part-002.parquet", "'a'", "'n/a'", "s055")


def test_an_id_in_two_parts_names_both_part_files_and_the_id(tmp_path, engine):
    parts = write_parts(ragged_table(80), tmp_path / "bad", n_parts=4)
    first = pd.read_parquet(parts / "part-000.parquet")
    extra = first[first["sequence_id"] == "s005"].assign(timestep=lambda t: t["timestep"] + 50)
    rewrite(parts / "part-003.parquet", lambda t: pd.concat([t, extra], ignore_index=True))
    refused(tmp_path, parts, engine, "part-000.parquet", "part-003.parquet", "'s005'")


def test_a_part_without_the_label_column_is_named(tmp_path, engine):
    parts = write_parts(ragged_table(80), tmp_path / "bad", n_parts=4)
    rewrite(parts / "part-001.parquet", lambda t: t.drop(columns="label"))
    refused(tmp_path, parts, engine, "part-001.parquet", "'label'", "required column not found")

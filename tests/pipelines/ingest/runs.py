"""Run-level helpers for bad-input tests: an earlier good run, then the bad one, compared.

Every output of ingest → normalize → split is persisted *versioned* under one folder, so a
test can prove that the failed run left every file of the earlier run byte for byte as it
was, and that the raw file(s) were never written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kedro.io import Version
from kedro_datasets.json import JSONDataset
from kedro_datasets.pandas import ParquetDataset

from seq_pipeline.datasets import NPZDataset, RawSequenceDataset
from seq_pipeline.pipelines import ingest, normalize, split
from tests.pipelines.ingest.factory import params_catalog, ragged_table, run, sha256

BUILD = ingest.create_pipeline() + normalize.create_pipeline() + split.create_pipeline()
OUTPUTS = {
    "column_spec": (JSONDataset, "column_spec.json"),
    "validated_sequences": (ParquetDataset, "sequences.parquet"),
    "ingest_report": (JSONDataset, "ingest_report.json"),
    "label_mapping": (JSONDataset, "label_mapping.json"),
    "preprocessing_spec": (JSONDataset, "preprocessing_spec.json"),
    "primary_sequences": (NPZDataset, "sequences.npz"),
    "normalize_report": (JSONDataset, "normalize_report.json"),
    "split_indices": (NPZDataset, "split.npz"),
}


def build_catalog(raw: RawSequenceDataset, store: Path, **params: object):
    """The test catalog with every build output versioned below `store`."""
    catalog = params_catalog(raw, **params)
    for name, (kind, file) in OUTPUTS.items():
        catalog[name] = kind(filepath=str(store / file), version=Version(None, None))
    return catalog


def snapshot(store: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in store.rglob("*") if p.is_file()}


def earlier_run(tmp_path: Path) -> tuple[Path, dict[Path, bytes]]:
    """A good run's versioned artifacts, and their bytes."""
    good = tmp_path / "good.csv"
    ragged_table(20).to_csv(good, index=False)
    store = tmp_path / "store"
    run(BUILD, build_catalog(RawSequenceDataset(filepath=str(good)), store))
    saved = snapshot(store)
    assert len(saved) == len(OUTPUTS)
    return store, saved


def raw_dataset(raw: Path | RawSequenceDataset) -> RawSequenceDataset:
    return raw if isinstance(raw, RawSequenceDataset) else RawSequenceDataset(filepath=str(raw))


def raw_files(dataset: RawSequenceDataset) -> list[Path]:
    described = dataset._describe()
    return [Path(p) for p in (described["filepath"], described["test_filepath"]) if p]


def refused(
    tmp_path: Path,
    raw: Path | RawSequenceDataset,
    *fragments: str,
    error: type[Exception] = Exception,
    **params: object,
) -> str:
    """Run the build on `raw` after a good run: it fails naming every fragment, raw
    bytes and the earlier run's artifacts unchanged. Returns the message."""
    store, saved = earlier_run(tmp_path)
    dataset = raw_dataset(raw)
    before = {p: sha256(p) for p in raw_files(dataset)}
    with pytest.raises(error) as info:
        run(BUILD, build_catalog(dataset, store, **params))
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert {p: sha256(p) for p in before} == before
    after = snapshot(store)
    assert {p: after.get(p) for p in saved} == saved
    return message


def accepted(tmp_path: Path, raw: Path | RawSequenceDataset, **params: object) -> dict:
    """Run the build on `raw` after a good run: it succeeds, raw bytes and the earlier
    run's artifacts unchanged. Returns this run's outputs, loaded from their new versions."""
    store, saved = earlier_run(tmp_path)
    dataset = raw_dataset(raw)
    before = {p: sha256(p) for p in raw_files(dataset)}
    catalog = build_catalog(dataset, store, **params)
    run(BUILD, catalog)
    assert {p: sha256(p) for p in before} == before
    after = snapshot(store)
    assert {p: after.get(p) for p in saved} == saved
    return {name: catalog.load(name) for name in OUTPUTS}

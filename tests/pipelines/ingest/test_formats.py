"""One test per input format: a small generated file read, validated, normalized, split and
trained on through Kedro's runner, ending in a trained model (ragged and string labels)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from seq_pipeline.datasets import RawSequenceDataset
from seq_pipeline.pipelines import ingest, normalize, split, train
from seq_pipeline.training.predict import predict_probability
from tests.pipelines.ingest.factory import (
    event_arrays,
    params_catalog,
    ragged_table,
    run,
    sha256,
    write_ts,
)

# aeon is the optional `ts` extra: only the `.ts` tests need it (CI installs every extra).
needs_aeon = pytest.mark.skipif(
    importlib.util.find_spec("aeon") is None, reason="reading .ts files needs the `ts` extra (aeon)"
)


def _csv(tmp: Path) -> dict:
    path = tmp / "seqs.csv"
    ragged_table().to_csv(path, index=False)
    return {"filepath": str(path)}


def _parquet(tmp: Path) -> dict:
    path = tmp / "seqs.parquet"
    ragged_table().to_parquet(path)
    return {"filepath": str(path)}


def _parquet_dir(tmp: Path) -> dict:
    folder = tmp / "parts"
    folder.mkdir()
    table = ragged_table()
    for i, part in enumerate(np.array_split(table["sequence_id"].unique(), 3)):
        table[table["sequence_id"].isin(part)].to_parquet(folder / f"part-{i:05d}.parquet")
    return {"filepath": str(folder)}


def _npz(tmp: Path) -> dict:
    x, y = event_arrays(60)
    lengths = np.random.default_rng(0).integers(8, 13, size=len(y))
    path = tmp / "seqs.npz"
    np.savez(path, X=x, y=np.where(y == 1, "abnormal", "normal"), lengths=lengths)
    return {"filepath": str(path)}


def _npz_train_test(tmp: Path) -> dict:
    x, y = event_arrays(80)
    path = tmp / "seqs.npz"
    np.savez(path, X_train=x[:60], y_train=y[:60] == 1, X_test=x[60:], y_test=y[60:] == 1)
    return {"filepath": str(path)}


def _ts_pair(tmp: Path) -> dict:
    x, y = event_arrays(80)
    lengths = np.random.default_rng(1).integers(8, 13, size=len(y))
    cases = [x[i, : lengths[i]] for i in range(len(y))]
    labels = ["yes" if v else "no" for v in y]
    write_ts(tmp / "Gen_TRAIN.ts", cases[:60], labels[:60])
    write_ts(tmp / "Gen_TEST.ts", cases[60:], labels[60:])
    return {"filepath": str(tmp / "Gen_TRAIN.ts"), "test_filepath": str(tmp / "Gen_TEST.ts")}


FORMATS = {
    "csv": _csv,
    "parquet": _parquet,
    "parquet_dir": _parquet_dir,
    "npz": _npz,
    "npz_train_test": _npz_train_test,
    "ts_train_test_files": _ts_pair,
}
NEEDS_AEON = {"ts_train_test_files"}


@pytest.mark.slow
@pytest.mark.parametrize(
    "fmt", [pytest.param(f, marks=[needs_aeon] if f in NEEDS_AEON else []) for f in FORMATS]
)
def test_format_ends_in_trained_model(fmt, tmp_path):
    args = FORMATS[fmt](tmp_path)
    before = sha256(Path(args["filepath"]))
    pipeline = (
        ingest.create_pipeline()
        + normalize.create_pipeline()
        + split.create_pipeline()
        + train.create_pipeline()
    )
    catalog = params_catalog(RawSequenceDataset(**args), tmp_path)
    out = run(pipeline, catalog)
    model, history = catalog.load("model"), out["training_history"]

    tensors = catalog.load("primary_sequences")
    probability = predict_probability(model, tensors)  # the stored model scores every sequence
    assert probability.shape == (len(tensors["y"]),)
    assert ((probability >= 0) & (probability <= 1)).all()
    assert history["epochs_run"] == 2
    assert np.isfinite(history["history"]["loss"]).all()
    assert tensors["X"].shape[0] == catalog.load("ingest_report")["n_sequences"]
    if fmt in ("npz_train_test", "ts_train_test_files"):
        # The file's test sequences are exactly the test split.
        test = catalog.load("split_indices")["test"]
        assert set(tensors["ids"][test]) == {i for i in tensors["ids"] if i.startswith("test-")}
    if fmt in ("csv", "parquet", "parquet_dir", "npz", "ts_train_test_files"):
        assert (~tensors["mask"]).any(), "ragged input must leave padded steps"
    assert sha256(Path(args["filepath"])) == before


@needs_aeon
def test_ts_directory_with_train_and_test_files_sets_official_split(tmp_path):
    x, y = event_arrays(20)
    labels = ["b" if v else "a" for v in y]
    write_ts(tmp_path / "Gen_TRAIN.ts", list(x[:12]), labels[:12])
    write_ts(tmp_path / "Gen_TEST.ts", list(x[12:]), labels[12:])
    table = RawSequenceDataset(filepath=str(tmp_path)).load()
    per_sequence = table.drop_duplicates("sequence_id")
    assert per_sequence["split"].value_counts().to_dict() == {"train": 12, "test": 8}
    assert table.attrs["format"] == "ts"


@needs_aeon
def test_bundled_aeon_dataset_reads_offline():
    table = RawSequenceDataset(filepath="aeon:ItalyPowerDemand").load()
    counts = table.drop_duplicates("sequence_id")["split"].value_counts().to_dict()
    assert counts == {"test": 1029, "train": 67}
    assert table.groupby("sequence_id").size().unique().tolist() == [24]


def test_csv_with_separate_test_file_gets_split_column(tmp_path):
    table = ragged_table(20)
    train_ids = table["sequence_id"].unique()[:14]
    table[table["sequence_id"].isin(train_ids)].to_csv(tmp_path / "train.csv", index=False)
    table[~table["sequence_id"].isin(train_ids)].to_csv(tmp_path / "test.csv", index=False)
    raw = RawSequenceDataset(
        filepath=str(tmp_path / "train.csv"), test_filepath=str(tmp_path / "test.csv")
    ).load()
    assert raw.attrs["split_column"] == "split"
    assert set(raw.loc[raw["split"] == "test", "sequence_id"]) == set(table["sequence_id"]) - set(
        train_ids
    )
    assert len(raw) == len(table)
    assert raw["split"].value_counts().to_dict() == {
        "train": int(table["sequence_id"].isin(train_ids).sum()),
        "test": int((~table["sequence_id"].isin(train_ids)).sum()),
    }

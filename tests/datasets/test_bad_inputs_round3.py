"""Bad raw input, round three: each case stops with a message naming the file (or URL) and
what is wrong, or is read with a warning naming what was ignored; raw files and an earlier
run's artifacts stay byte for byte as they were (`tests/pipelines/ingest/runs.py`)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from seq_pipeline.core.errors import RawInputError
from seq_pipeline.datasets import RawSequenceDataset
from tests.pipelines.ingest.factory import event_arrays, ragged_table, sha256
from tests.pipelines.ingest.runs import accepted, refused

ROOT = Path(__file__).resolve().parents[2]


def wide_csv(path: Path, n_features: int, rows: int = 2) -> Path:
    """A CSV with `n_features` feature columns (`c0`, `c1`, …) and `rows` data rows."""
    names = ["sequence_id", "timestep", "label", *(f"c{i}" for i in range(n_features))]
    lines = [",".join(names)]
    lines += [",".join(["s0", str(t), "yes", *(["1.5"] * n_features)]) for t in range(rows)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_wide_header_is_read_whole_and_refused_by_width_in_seconds(tmp_path):
    # 50 000 names `c0…`: a header read only in part ended in a cut-off name such as `c2`.
    path = wide_csv(tmp_path / "raw.csv", 50_000)
    started = time.perf_counter()
    message = refused(
        tmp_path,
        path,
        "raw.csv",
        "the header names 50003 columns, more than max_columns=10000",
        "max_columns",
    )
    assert "more than once" not in message
    assert time.perf_counter() - started < 60  # the benchmark times it: well under 5 s


def test_two_million_column_header_only_csv_is_refused_without_hanging(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_text(",".join(f"c{i}" for i in range(2_000_000)) + "\n")
    before = sha256(path)
    started = time.perf_counter()
    with pytest.raises(RawInputError, match=r"raw\.csv: the header names 2000000 columns"):
        RawSequenceDataset(filepath=str(path)).load()
    assert time.perf_counter() - started < 60
    assert sha256(path) == before


def test_wide_csv_within_a_raised_limit_has_its_names_checked_whole(tmp_path):
    # Every name is distinct: only a header cut off mid-name could repeat one.
    path = wide_csv(tmp_path / "raw.csv", 300, rows=3)
    table = RawSequenceDataset(filepath=str(path), max_columns=400).load()
    assert list(table.columns[-2:]) == ["c298", "c299"]
    with pytest.raises(RawInputError, match=r"raw\.csv: the header names 303 columns.*=200"):
        RawSequenceDataset(filepath=str(path), max_columns=200).load()


def test_header_without_rows_is_refused_before_pandas_reads_it(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_text("sequence_id,timestep,a,label\r\n\r\n\n")
    refused(tmp_path, path, "raw.csv", "no rows below its header", "4 column(s)")


def test_a_pipe_is_refused_rather_than_read_forever(tmp_path):
    pipe = tmp_path / "raw.csv"
    os.mkfifo(pipe)
    with pytest.raises(RawInputError, match=r"raw\.csv: is neither a regular file nor a folder"):
        RawSequenceDataset(filepath=str(pipe)).load()


def test_folder_with_other_files_reads_the_parts_and_names_the_rest(tmp_path, caplog):
    table = ragged_table(20)
    folder = tmp_path / "raw"
    (folder / "sub").mkdir(parents=True)
    ids = table["sequence_id"].unique()
    table[table["sequence_id"].isin(ids[:10])].to_parquet(folder / "part-0.parquet")
    table[table["sequence_id"].isin(ids[10:])].to_parquet(folder / "sub" / "part-1.parquet")
    table.to_csv(folder / "a.csv", index=False)
    (folder / "notes.txt").write_text("read me")
    (folder / "_SUCCESS").write_text("")  # a writer's marker: not data, not named
    with caplog.at_level(logging.WARNING):
        outputs = accepted(tmp_path, folder)
    assert outputs["ingest_report"]["n_sequences"] == 20
    warned = " ".join(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert "ignoring 2 other file(s) ['a.csv', 'notes.txt']" in warned
    assert "['part-0.parquet', 'sub/part-1.parquet']" in warned
    assert "_SUCCESS" not in warned


@pytest.mark.parametrize(
    ("kind", "cell"),
    [("struct", {"x": 1.0, "y": 2.0}), ("list", [1.0, 2.0])],
)
def test_parquet_struct_or_list_column_is_named(tmp_path, kind, cell):
    table = ragged_table(20)
    table["nested"] = [cell] * len(table)
    path = tmp_path / "raw.parquet"
    table.to_parquet(path)
    refused(
        tmp_path,
        path,
        "raw.parquet",
        "column 'nested'",
        f"{len(table)} of {len(table)} cell(s) hold a",
        "struct, list or map column",
        error=RawInputError,
    )


def test_complex_npz_is_refused_naming_file_and_key(tmp_path):
    x, y = event_arrays(20, 8)
    path = tmp_path / "raw.npz"
    np.savez(
        path, X_train=x[:14].astype(np.complex64) + 1j, y_train=y[:14], X_test=x[14:], y_test=y[14:]
    )
    refused(
        tmp_path,
        path,
        "raw.npz",
        "'X_train' holds complex numbers (complex64)",
    )


def test_refused_connection_names_the_url_without_its_password():
    url = "http://alice:s3cret@127.0.0.1:9/x.csv"
    with pytest.raises(RawInputError) as info:
        RawSequenceDataset(filepath=url).load()
    message = str(info.value)
    assert message.startswith("http://<redacted>@127.0.0.1:9/x.csv: cannot reach it (")
    assert "Cannot connect to host 127.0.0.1:9" in message
    assert "s3cret" not in message and "alice" not in message


def test_ftp_refusing_the_connection_names_the_url_and_reason():
    url = "ftp://bob:pw@127.0.0.1:9/x.csv"
    with pytest.raises(RawInputError) as info:
        RawSequenceDataset(filepath=url).load()
    message = str(info.value)
    assert message.startswith("ftp://<redacted>@127.0.0.1:9/x.csv: cannot connect (")
    assert "ConnectionRefusedError" in message and "pw" not in message


def test_http_without_aiohttp_names_the_url_and_the_package():
    # A fresh interpreter where aiohttp cannot be imported, as on an install without it.
    script = (
        "import sys; sys.modules['aiohttp'] = None\n"
        "from seq_pipeline.datasets import RawSequenceDataset\n"
        "try:\n"
        "    RawSequenceDataset(filepath='https://u:p@example.invalid/x.csv').load()\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, exc)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    out = result.stdout.strip()
    assert out.startswith("UnreadableInputError https://<redacted>@example.invalid/x.csv: "), out
    assert "aiohttp" in out and "u:p" not in out

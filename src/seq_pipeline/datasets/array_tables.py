"""Array formats (NPZ, UCR/UEA `.ts`) → the long table every other format already is."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import fsspec
import numpy as np
import pandas as pd
from fsspec.implementations.local import LocalFileSystem

from seq_pipeline.core.columns import ID, LABEL, TIME
from seq_pipeline.core.errors import UnreadableInputError, examples
from seq_pipeline.core.formats import long_table, stack_train_test
from seq_pipeline.datasets.npz_dataset import NPZDataset


def read_npz(path: Path) -> pd.DataFrame:
    """`X`/`y` (optional `lengths`), or `X_train`/`y_train`/`X_test`/`y_test` → long table."""
    arrays = NPZDataset(filepath=str(path)).load()
    if "X_train" in arrays or "X_test" in arrays:
        train, test = (
            arrays_to_long_table(
                *_require(arrays, path, f"X_{name}", f"y_{name}"),
                str(path),
                arrays.get(f"lengths_{name}"),
                lengths_key=f"lengths_{name}",
                x_key=f"X_{name}",
            )
            for name in ("train", "test")
        )
        names = (f"{path} (X_train)", f"{path} (X_test)")
        return stack_train_test(train, test, generated_ids=True, names=names)
    x, y = _require(arrays, path, "X", "y")
    return arrays_to_long_table(x, y, str(path), arrays.get("lengths"))


def _require(arrays: dict, path: Path, x_key: str, y_key: str) -> tuple[np.ndarray, np.ndarray]:
    missing = [key for key in (x_key, y_key) if key not in arrays]
    if missing:
        raise UnreadableInputError(
            f"{path}: lacks array(s) {missing}; an NPZ input needs 'X' (N, T, F) and 'y' (N,), "
            f"or X_train/y_train/X_test/y_test. Found: {sorted(arrays)}."
        )
    return arrays[x_key], arrays[y_key]


def arrays_to_long_table(
    x: np.ndarray,
    y: np.ndarray,
    source: str,
    lengths: np.ndarray | None = None,
    lengths_key: str = "lengths",
    x_key: str = "X",
) -> pd.DataFrame:
    """(N, T, F) features and (N,) labels → one row per sequence × step, canonical columns."""
    y = y.reshape(-1) if y.ndim == 2 and y.shape[1] == 1 else y
    if x.ndim != 3:
        raise UnreadableInputError(f"{source}: X must have shape (N, T, F), got {x.shape}.")
    if x.dtype.kind == "c":  # the float cast would drop the imaginary part without a word
        raise UnreadableInputError(
            f"{source}: '{x_key}' holds complex numbers ({x.dtype}); the model reads real "
            "values only. Store the real and imaginary parts (or magnitude and phase) as "
            "separate features."
        )
    if y.shape != (x.shape[0],):
        raise UnreadableInputError(
            f"{source}: y must have shape ({x.shape[0]},) to match X {x.shape}, got {y.shape}."
        )
    n, t, f = x.shape
    if lengths is not None:
        lengths = _check_lengths(lengths, n, t, f"{source}: '{lengths_key}'")
    return long_table(x, y, [f"f{i}" for i in range(f)], np.arange(n).astype(str), lengths)


def _check_lengths(lengths: np.ndarray, n: int, t: int, where: str) -> np.ndarray:
    """Lengths of ragged sequences stored padded: whole numbers from 1 to T, one per sequence."""
    lengths = np.asarray(lengths).reshape(-1) if np.ndim(lengths) else np.asarray(lengths)
    if lengths.shape != (n,) or lengths.dtype.kind not in "iuf":
        raise UnreadableInputError(
            f"{where} must hold one whole number per sequence, shape ({n},); got "
            f"shape {lengths.shape}, dtype {lengths.dtype}."
        )
    bad = np.flatnonzero((lengths < 1) | (lengths > t) | (lengths != np.round(lengths)))
    if len(bad):
        raise UnreadableInputError(
            f"{where}: sequence index(es) {examples(bad)} have length(s) "
            f"{examples(lengths[bad])}, outside 1..{t} (T, the steps stored in X); such a "
            "sequence would be dropped or cut without a word. Fix or remove those sequences."
        )
    return lengths.astype(np.int64)


@contextmanager
def local_file(url: str) -> Iterator[str]:
    """A local path for `url`: the file itself, or a temporary copy of a remote one."""
    fs, path = fsspec.core.url_to_fs(url)
    if isinstance(fs, LocalFileSystem):
        yield path
        return
    with tempfile.TemporaryDirectory() as folder:
        local = str(Path(folder) / PurePosixPath(path).name)
        fs.get(path, local)
        yield local


def read_ts(path: str | Path) -> pd.DataFrame:
    """A UCR/UEA `.ts` file via aeon's loader; unequal-length series become ragged rows."""
    try:
        from aeon.datasets import load_from_ts_file  # noqa: PLC0415 - optional extra
    except ImportError as exc:
        raise UnreadableInputError(
            f"{path}: reading .ts files needs aeon; install the `ts` extra: pip install -e '.[ts]'"
        ) from exc
    with local_file(str(path)) as local:  # aeon reads local files only
        x, y = load_from_ts_file(local)
    if isinstance(x, np.ndarray):
        # aeon returns (N, channels, T); the project's layout is (N, T, F).
        return arrays_to_long_table(np.transpose(x, (0, 2, 1)), np.asarray(y), str(path))
    frames = []
    for i, case in enumerate(x):
        frame = pd.DataFrame(np.asarray(case).T, columns=[f"f{c}" for c in range(len(case))])
        frame.insert(0, TIME, np.arange(frame.shape[0]))
        frame.insert(0, ID, str(i))
        frame[LABEL] = y[i]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)

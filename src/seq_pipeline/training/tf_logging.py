"""Quiet TensorFlow's start-up noise without hiding its real warnings.

Importing TensorFlow on a machine without a GPU prints lines that say nothing is wrong:
"All log messages before absl::InitializeLog() ...", "oneDNN custom operations are on",
"Could not find cuda drivers", the cpu_feature_guard note and, at the first device
placement, "failed call to cuInit: ... CUDA error", and at the first graph that transposes a
boolean tensor (the LSTM's mask) "oneDNN supports DT_BOOL only on platforms with AVX-512.
Falling back to the default Eigen-based implementation" (logged as an error, printed even on
AVX-512 machines). Most come from C++ before TensorFlow reads `TF_CPP_MIN_LOG_LEVEL`, so that
variable cannot silence them (and level 3, which would hide cuInit, hides every real C++ error
too).

`install()` (called from `settings.py`, so by every `kedro run`) therefore:
- sets `TF_CPP_MIN_LOG_LEVEL=1` unless it is already set: C++ INFO lines go, WARNING and
  ERROR lines stay;
- the first time anything imports `tensorflow`, sends the process's stderr to a temporary
  file while TensorFlow loads and looks for GPUs (where cuInit runs), then writes back every
  line that is not one of the known start-up notices (`NOISE`).
The DT_BOOL notice is printed once per process, at first use: `consume_once_notices()` (called
where a model trains or predicts, when TensorFlow is already running, so device configuration
is never pre-empted) makes that first use, filtered.
Nothing is imported until something else imports TensorFlow, so runs that never train do not
pay for it. `SEQ_PIPELINE_TF_LOG=1` turns all of this off and shows everything.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable

OPT_OUT = "SEQ_PIPELINE_TF_LOG"
# Start-up notices that never need action; each pattern is searched in one stderr line.
NOISE = (
    r"All log messages before absl::InitializeLog\(\) is called",
    r"oneDNN custom operations are on",
    r"Could not find cuda drivers on your machine",
    r"cpu_feature_guard\.cc",
    r"^To enable the following instructions: .* rebuild TensorFlow",
    r"failed call to cuInit",
    r"Unable to register cu(DNN|FFT|BLAS) factory",
    r"TF-TRT Warning: Could not find TensorRT",
    r"oneDNN supports DT_BOOL only on platforms with AVX-512",
)
_NOISE = re.compile("|".join(f"(?:{pattern})" for pattern in NOISE))
_consumed = False
# Wall seconds the (filtered) TensorFlow import and GPU lookup took, for benchmarks.
import_seconds: float | None = None


def _opted_out() -> bool:
    return os.environ.get(OPT_OUT, "").strip() not in ("", "0")


def install() -> None:
    """Quiet TensorFlow's start-up notices from here on (no-op with SEQ_PIPELINE_TF_LOG=1)."""
    if _opted_out():
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
    if "tensorflow" in sys.modules or any(isinstance(f, _QuietImport) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _QuietImport())


def consume_once_notices() -> None:
    """Trigger TensorFlow's once-per-process DT_BOOL notice now, filtered (see module doc)."""
    global _consumed  # noqa: PLW0603 - once per process, like the notice itself
    if _consumed or _opted_out() or "tensorflow" not in sys.modules:
        return
    _consumed = True
    import keras  # noqa: PLC0415 - already loaded with TensorFlow

    if keras.backend.backend() != "tensorflow":
        return
    tf = sys.modules["tensorflow"]
    with _FilteredStderr():
        # 2 × 2: Grappler folds transposes of size-1 axes away before oneDNN sees them.
        tf.function(tf.transpose)(tf.constant([[True, False], [False, True]]))


def keep_lines(lines: Iterable[str]) -> list[str]:
    """The lines that are not known start-up notices."""
    return [line for line in lines if not _NOISE.search(line)]


class _QuietImport(importlib.abc.MetaPathFinder):
    """Finds `tensorflow` through the other finders and loads it with stderr filtered."""

    def find_spec(self, fullname, path, target=None):
        if fullname != "tensorflow":
            return None
        sys.meta_path.remove(self)  # one shot: TensorFlow loads once per process
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _QuietLoader(spec.loader)
        return spec


class _QuietLoader(importlib.abc.Loader):
    """Runs the real loader, then the GPU lookup (cuInit), with stderr filtered."""

    def __init__(self, loader: importlib.abc.Loader):
        self._loader = loader

    def __getattr__(self, name: str):
        return getattr(self._loader, name)

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module) -> None:
        global import_seconds  # noqa: PLW0603 - a measurement, written once
        started = time.perf_counter()
        with _FilteredStderr():
            self._loader.exec_module(module)
            module.config.list_physical_devices("GPU")
        import_seconds = time.perf_counter() - started


class _FilteredStderr:
    """Redirects file descriptor 2 to a temporary file; writes back the kept lines on exit."""

    def __enter__(self) -> _FilteredStderr:
        sys.stderr.flush()
        self._file = tempfile.TemporaryFile(mode="w+b")
        self._saved = os.dup(2)
        os.dup2(self._file.fileno(), 2)
        return self

    def __exit__(self, *exc) -> None:
        sys.stderr.flush()
        os.dup2(self._saved, 2)
        os.close(self._saved)
        self._file.seek(0)
        text = self._file.read().decode(errors="replace")
        self._file.close()
        kept = keep_lines(text.splitlines())
        if kept:
            sys.stderr.write("\n".join(kept) + "\n")
            sys.stderr.flush()

"""The run folder a session without a run id reads: the newest complete run.

The catalog builds every path from `${run_or_latest:<data_root>, ${runtime_params:run_id, null}}`.
The project's `kedro run` and the run identity hook always set `run_id`, which is used as
given, with no look-up. A session that runs no project hooks (plain `kedro viz run` /
`kedro viz build`) gets the newest complete run, so its previews show real artifacts; `no-run`
when there is none yet or the store cannot be read.

The look-up happens once per data root and process (every catalog entry asks): one folder
listing, then the status records of the newest runs (by creation time) until a complete one.
"""

from __future__ import annotations

import functools

import fsspec

from seq_pipeline.framework.run_choice import latest_complete
from seq_pipeline.framework.runs import RunStore, runs_dir

NO_RUN = "no-run"


def run_or_latest(data_root: str, run_id: str | None = None) -> str:
    """`run_id` when given, else the newest complete run under `data_root` (a resolver)."""
    return str(run_id) if run_id is not None else latest_run(data_root)


def latest_run(data_root: str) -> str:
    """The newest complete run under `data_root`, or `no-run`."""
    try:
        fs, root = fsspec.core.url_to_fs(runs_dir(str(data_root)))
        protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
        return _latest(protocol, root)
    except (ImportError, OSError, ValueError):  # no driver or no access: nothing to show
        return NO_RUN


@functools.lru_cache(maxsize=16)
def _latest(protocol: str, root: str) -> str:
    store = RunStore(root if protocol in ("file", "local") else f"{protocol}://{root}")
    if not store.fs.exists(store.root):
        return NO_RUN
    return latest_complete(store, set()) or NO_RUN

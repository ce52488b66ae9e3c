"""The run folder a session without a run id reads: the newest complete run.

The catalog builds every path from `${runtime_params:run_id, ${latest_run:<data_root>}}`. The
project's `kedro run` and the run identity hook always set `run_id`; a session that runs no
project hooks (plain `kedro viz run` / `kedro viz build`, which start Kedro without them) gets
the newest complete run here, so its previews show real artifacts; `no-run` when there is
none yet.

OmegaConf resolves a resolver's default even when `run_id` is given, once per catalog entry,
so the answer is looked up once per data root and process: one folder listing, then the
status records of the newest runs until a complete one.
"""

from __future__ import annotations

import functools

import fsspec

from seq_pipeline.framework.runs import RUN_ID, RunStore, runs_dir

NO_RUN = "no-run"


def latest_run(data_root: str) -> str:
    """The newest complete run under `data_root`, or `no-run` (an OmegaConf resolver)."""
    fs, root = fsspec.core.url_to_fs(runs_dir(str(data_root)))
    return _latest(fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0], root)


@functools.lru_cache(maxsize=16)
def _latest(protocol: str, root: str) -> str:
    store = RunStore(root if protocol in ("file", "local") else f"{protocol}://{root}")
    if not store.fs.exists(store.root):
        return NO_RUN
    names = [p.rstrip("/").rsplit("/", 1)[-1] for p in store.fs.ls(store.root, detail=False)]
    for run_id in sorted((n for n in names if RUN_ID.match(n)), reverse=True):
        if store.is_complete(run_id):
            return run_id
    return NO_RUN

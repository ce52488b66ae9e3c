"""Which run a session reads: complete runs, the newest complete one, or a fresh id.

Completeness reads both the part statuses (`runs`) and the artifacts' lineage (`lineage`),
so it lives above both.
"""

from __future__ import annotations

from seq_pipeline.framework.lineage import Lineage
from seq_pipeline.framework.runs import (
    RunError,
    RunStore,
    check_run_id,
    new_run_id,
    upstream_inputs,
)


def is_complete(store: RunStore, run_id: str, *, strict: bool = True) -> bool:
    """Something ran, every part succeeded (or was redone), and no artifact is stale."""
    states = store.part_states(run_id, strict=strict).values()
    if not states or any(s not in ("succeeded", "superseded") for s in states):
        return False
    return not Lineage(store, run_id, strict=strict).problems()


def latest_complete(store: RunStore, needs: set[str]) -> str | None:
    """The newest complete run (by creation time) that wrote every dataset in `needs`."""
    for run_id in reversed(store.run_ids()):
        if is_complete(store, run_id, strict=False) and needs <= store.outputs(
            run_id, strict=False
        ):
            return run_id
    return None


def resolve_run_id(given: object, runs_dir: str, free_inputs: set[str]) -> str:
    """The given run id, else a fresh one (pipelines from raw data) or the latest complete run."""
    if given is not None:
        return check_run_id(given)
    needs = upstream_inputs(free_inputs)
    if not needs:
        return new_run_id()
    found = latest_complete(RunStore(runs_dir), needs)
    if found is None:
        raise RunError(
            f"no complete run under '{runs_dir}' has {sorted(needs)}: run the upstream "
            "pipelines first, or pass --params run_id=<id> of a run that has them"
        )
    return found

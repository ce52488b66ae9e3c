"""Runs Airflow on generated DAG files in a process of its own and prints what it saw as JSON.

Airflow reads its configuration (AIRFLOW_HOME, database) when first imported and sets up its
own logging, so the tests drive it from a subprocess, not from pytest's interpreter.

    python airflow_probe.py dagbag <dags folder>
    python airflow_probe.py nodes <dags folder> <raw csv>
    python airflow_probe.py stages <dags folder> <raw csv> <conf json>
"""

from __future__ import annotations

import json
import sys
from typing import Any

UNKNOWN_RUN = "no-such-run"


def dagbag(folder: str) -> dict[str, Any]:
    """Import errors, and each DAG's tasks, edges and retries, as Airflow's DagBag sees them."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(folder)
    return {
        "import_errors": {str(k): str(v) for k, v in bag.import_errors.items()},
        "dags": {
            dag_id: {
                "file": dag.fileloc,
                "tasks": sorted(dag.task_ids),
                "edges": sorted(
                    [parent, task.task_id]
                    for task in dag.tasks
                    for parent in task.upstream_task_ids
                ),
                "retries": sorted({task.retries for task in dag.tasks}),
            }
            for dag_id, dag in bag.dags.items()
        },
    }


def _test_run(bag: Any, dag_id: str, conf: dict[str, Any]) -> dict[str, Any]:
    """One `dag.test()` run: its state, Airflow run id, each task's state, tries and seconds,
    and the XComs (run ids) the tasks returned."""
    from airflow import settings
    from airflow.models.xcom import XComModel

    run = bag.dags[dag_id].test(run_conf=conf)
    session = settings.Session()
    xcoms = session.scalars(XComModel.get_many(run_id=run.run_id, dag_ids=dag_id)).all()
    return {
        "state": str(run.state),
        "airflow_run_id": run.run_id,
        "tasks": {
            ti.task_id: {"state": str(ti.state), "try_number": ti.try_number}
            for ti in run.get_task_instances(session=session)
        },
        "seconds": {ti.task_id: ti.duration for ti in run.get_task_instances(session=session)},
        "run_ids": {x.task_id: XComModel.deserialize_value(x) for x in xcoms},
    }


def _bag(folder: str) -> Any:
    from airflow.dag_processing.dagbag import DagBag
    from airflow.utils.db import initdb

    initdb()
    return DagBag(folder)


def nodes(folder: str, raw_path: str) -> dict[str, Any]:
    """Per-node DAGs: ingest on `raw_path`; normalize for ingest's run; ingest on a missing
    file; normalize for a run that does not exist."""
    bag = _bag(folder)
    ingest = _test_run(bag, "seq_pipeline__ingest", {"raw_path": raw_path})
    run_id = next(iter(ingest["run_ids"].values()), None)
    return {
        "ingest": ingest,
        "normalize": _test_run(bag, "seq_pipeline__normalize", {"run_id": run_id}),
        "missing_input": _test_run(bag, "seq_pipeline__ingest", {"raw_path": raw_path + ".x"}),
        "unknown_run": _test_run(bag, "seq_pipeline__normalize", {"run_id": UNKNOWN_RUN}),
    }


def stages(folder: str, raw_path: str, conf: str) -> dict[str, Any]:
    """The stage-level default DAG on `raw_path`, with extra runtime parameters `conf`."""
    bag = _bag(folder)
    run = {"raw_path": raw_path, **json.loads(conf)}
    return {"stages": _test_run(bag, "seq_pipeline__default__stages", run)}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    result = {"dagbag": dagbag, "nodes": nodes, "stages": stages}[command](*args)
    # Airflow logs to stdout too: the report is the last line.
    print("\n" + json.dumps(result))  # noqa: T201

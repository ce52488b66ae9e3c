"""This process's place in a multi-worker training cluster, read from `TF_CONFIG` (pure Python).

Every worker of a multi-worker run executes the same `kedro run --pipelines train --params
run_id=<id>`; only its `TF_CONFIG` differs (the convention of `tf.distribute`, Kubernetes'
TFJob and Vertex AI). All workers read the run's inputs; only the chief writes into the run
(`RunIdentityHook`), so one run never holds two models or two histories.

The chief is the task of type `chief`, or worker 0 when the cluster has no `chief` (the rule
of `tf.distribute`'s `multi_worker_util.is_chief`). TensorFlow is not imported here: hooks
call this before any pipeline runs.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from seq_pipeline.core.errors import ParameterError

logger = logging.getLogger(__name__)

TF_CONFIG = "TF_CONFIG"
# Seconds between two looks for the peers, and between two "still waiting" log lines.
POLL_S = 1.0
LOG_EVERY_S = 30.0
# MultiWorkerMirroredStrategy trains on chief and worker tasks only (no parameter servers).
TASK_TYPES = ("chief", "worker")
MAX_PORT = 65535


@dataclass(frozen=True)
class WorkerRole:
    """One task of the cluster: its type, index, how many tasks train, and whether it writes."""

    task_type: str
    index: int
    n_workers: int
    is_chief: bool

    def __str__(self) -> str:
        role = "chief" if self.is_chief else "non-chief"
        return f"{self.task_type} {self.index} of {self.n_workers} ({role})"


def _bad(problem: str) -> ParameterError:
    return ParameterError(
        f"environment variable {TF_CONFIG} {problem}. Expected JSON like "
        '{"cluster": {"worker": ["host1:port", "host2:port"]}, '
        '"task": {"type": "worker", "index": 0}} (see docs/cluster.md)'
    )


def parse_tf_config(text: str) -> WorkerRole:
    """The role `TF_CONFIG` gives this process, or a `ParameterError` saying what is wrong."""
    try:
        config = json.loads(text)
    except json.JSONDecodeError as error:
        raise _bad(f"is not valid JSON ({error.msg} at character {error.pos})") from None
    if not isinstance(config, dict):
        raise _bad(f"must be a JSON object, not {type(config).__name__}")
    cluster, task = config.get("cluster"), config.get("task")
    if not isinstance(cluster, dict) or not cluster:
        raise _bad("has no 'cluster' object listing the workers' host:port addresses")
    unknown = sorted(set(cluster) - set(TASK_TYPES))
    if unknown:
        raise _bad(f"lists task types {unknown} in 'cluster'; only {list(TASK_TYPES)} train")
    for task_type, addresses in cluster.items():
        _check_addresses(task_type, addresses)
    listed = [address for addresses in cluster.values() for address in addresses]
    twice = sorted({address for address in listed if listed.count(address) > 1})
    if twice:
        raise _bad(f"lists {twice} for more than one task; each task needs its own host:port")
    if len(cluster.get("chief", [])) > 1:
        raise _bad(f"lists {len(cluster['chief'])} 'chief' tasks; a cluster has at most one")
    if not isinstance(task, dict):
        raise _bad("has no 'task' object saying which task this process is")
    task_type, index = task.get("type"), task.get("index")
    if not isinstance(task_type, str) or task_type not in cluster:
        raise _bad(f"has task type {task_type!r}; 'cluster' lists {sorted(cluster)}")
    if not isinstance(index, int) or isinstance(index, bool):
        raise _bad(f"has task index {index!r}; it must be an integer")
    if not 0 <= index < len(cluster[task_type]):
        raise _bad(
            f"has task index {index}, but 'cluster' lists {len(cluster[task_type])} "
            f"{task_type!r} task(s) (indices 0..{len(cluster[task_type]) - 1})"
        )
    is_chief = task_type == "chief" or ("chief" not in cluster and index == 0)
    n_workers = sum(len(addresses) for addresses in cluster.values())
    return WorkerRole(task_type, index, n_workers, is_chief)


def _check_addresses(task_type: str, addresses: Any) -> None:
    if not isinstance(addresses, list) or not addresses:
        raise _bad(f"has cluster[{task_type!r}] = {addresses!r}; it must be a non-empty list")
    for address in addresses:
        if not _is_host_port(address):
            raise _bad(
                f"has address {address!r} in cluster[{task_type!r}]; use 'host:port' "
                f"(a host name or IP, a port from 1 to {MAX_PORT})"
            )


def _is_host_port(address: object) -> bool:
    """'host:port' with a non-blank host and a TCP port (ASCII digits, 1..65535)."""
    if not isinstance(address, str):
        return False
    host, _, port = address.rpartition(":")
    if not host or any(c.isspace() for c in host):
        return False
    return port.isascii() and port.isdigit() and 1 <= int(port) <= MAX_PORT


def worker_role(environ: Mapping[str, str] | None = None) -> WorkerRole:
    """This process's role; `TF_CONFIG` must be set (multi-worker training needs it)."""
    text = (os.environ if environ is None else environ).get(TF_CONFIG, "").strip()
    if not text:
        raise ParameterError(
            f"train_options.distribution is 'multi_worker' but the environment variable "
            f"{TF_CONFIG} is not set: every worker needs it (see docs/cluster.md); use "
            "distribution 'mirrored' to train on this machine's devices only"
        )
    return parse_tf_config(text)


def distribution_of(parameters: Mapping[str, Any]) -> str:
    """The `train_options.distribution` of a run's parameters ('none' when absent).

    A session's `context.params` holds the block as a `TrainOptions` (Kedro validates typed
    parameters), a configuration loader as a dict: both are read.
    """
    options = parameters.get("train_options")
    if isinstance(options, Mapping):
        return str(options.get("distribution") or "none")
    return str(getattr(options, "distribution", None) or "none")


def non_chief_worker(
    parameters: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> WorkerRole | None:
    """The role of this process when it is a non-chief worker of a multi-worker run, else None.

    Such a process trains in lock-step with the chief but must write nothing into the run.
    Without `TF_CONFIG` a process is no worker of any cluster and writes as usual (ingest to
    split run once, wherever); training itself then stops with `worker_role`'s error.
    """
    if distribution_of(parameters) != "multi_worker" or not in_cluster(environ):
        return None
    role = worker_role(environ)
    return None if role.is_chief else role


def in_cluster(environ: Mapping[str, str] | None = None) -> bool:
    """Whether `TF_CONFIG` is set, i.e. this process is meant as one worker of a cluster."""
    return bool((os.environ if environ is None else environ).get(TF_CONFIG, "").strip())


def wait_for_peers(timeout_s: float, environ: Mapping[str, str] | None = None) -> None:
    """Return once every other task of `TF_CONFIG` answers on its port; refuse after `timeout_s`.

    Meanwhile this process answers on its own port, so peers waiting the same way see it:
    no worker starts TensorFlow's server before all are up, and none waits in silence.
    """
    role = worker_role(environ)
    own, peers = _addresses(environ)
    started = time.monotonic()
    logger.info(
        "Multi-worker (%s): waiting up to %g s (train_options.peer_timeout_s) for %s",
        role,
        timeout_s,
        peers,
    )
    logged = started
    with _answering(own):
        while down := unreachable(peers):
            now = time.monotonic()
            if now - started >= timeout_s:
                raise ParameterError(
                    f"multi-worker training ({role}): worker(s) {down} of TF_CONFIG did not "
                    f"answer within train_options.peer_timeout_s={timeout_s:g} s. Start the "
                    "same `kedro run --params run_id=<id>` on every worker TF_CONFIG lists "
                    "(docs/cluster.md), check their host:port, or raise "
                    "train_options.peer_timeout_s"
                )
            if now - logged >= LOG_EVERY_S:
                logger.info("Multi-worker: after %.0f s still waiting for %s", now - started, down)
                logged = now
            time.sleep(POLL_S)
    logger.info("Multi-worker: all %d peer(s) answer", len(peers))


def _addresses(environ: Mapping[str, str] | None = None) -> tuple[str, list[str]]:
    """This task's `host:port` and every other task's, from `TF_CONFIG`."""
    config = json.loads((os.environ if environ is None else environ).get(TF_CONFIG, ""))
    task = config["task"]
    tasks = {
        (task_type, index): address
        for task_type, addresses in config["cluster"].items()
        for index, address in enumerate(addresses)
    }
    own = tasks.pop((task["type"], task["index"]))
    return own, list(tasks.values())


@contextlib.contextmanager
def _answering(address: str) -> Iterator[None]:
    """Accept TCP connections on this task's port until TensorFlow's server takes it over."""
    port = int(address.rpartition(":")[2])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("", port))
        listener.listen(64)
    except OSError as error:  # the port is taken: TensorFlow's server will say so itself
        logger.warning("Multi-worker: cannot listen on %s while waiting (%s)", address, error)
    try:
        yield
    finally:
        listener.close()


def unreachable(addresses: list[str], timeout_s: float = 1.0) -> list[str]:
    """The addresses where nothing accepts a TCP connection: workers that have not started."""
    down = []
    for address in addresses:
        host, _, port = address.rpartition(":")
        try:
            with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s):
                pass
        except OSError:
            down.append(address)
    return down

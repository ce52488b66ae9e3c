"""Map a function over the raw parts, here or on a Dask cluster, with results in part order.

Results come back in the order of the parts whatever the engine, so what is written from
them is the same bytes. At most `max_in_flight` parts are being worked on at once, so memory
is bounded by a few parts, not by the data.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from seq_pipeline.pipelines.shard.options import ShardOptions

logger = logging.getLogger(__name__)


def map_parts(fn: Callable[[Any], Any], items: Iterable[Any], options: ShardOptions) -> Iterator:
    """`fn(item)` for every item, lazily and in order, on the configured engine."""
    if options.engine == "local":
        yield from map(fn, items)
        return
    window = options.max_in_flight or 2 * options.n_workers
    with dask_client(options) as client:
        pending: deque = deque()
        todo = iter(items)
        for item in todo:
            pending.append(client.submit(fn, item, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@contextmanager
def dask_client(options: ShardOptions) -> Iterator[Any]:
    """A client of the configured scheduler, or of a LocalCluster started for this run."""
    try:
        from dask.distributed import Client, LocalCluster  # noqa: PLC0415 - optional extra
    except ImportError as exc:
        raise ImportError(
            "shard_options.engine: dask needs dask.distributed; install the `cluster` extra: "
            "pip install -e '.[cluster]'"
        ) from exc
    if options.dask_address:
        logger.info("Dask: connecting to %s", options.dask_address)
        with Client(options.dask_address) as client:
            yield client
        return
    cluster_args = {
        "n_workers": options.n_workers,
        "threads_per_worker": options.threads_per_worker,
        "processes": options.processes,
        "dashboard_address": None,
    }
    logger.info("Dask: starting a LocalCluster %s", cluster_args)
    with LocalCluster(**cluster_args) as cluster, Client(cluster) as client:
        yield client

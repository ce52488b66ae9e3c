"""Per-node wall time, logged at the end of a run and kept for benchmarks."""

from __future__ import annotations

import logging
import time

from kedro.framework.hooks import hook_impl
from kedro.pipeline import Node

logger = logging.getLogger(__name__)


class NodeTimingHook:
    """Measures each node's wall time and logs the slowest ones when the run ends.

    Kept in memory on the hook instance (`durations`), so benchmarks can read it after a
    run without parsing logs.
    """

    def __init__(self) -> None:
        self.durations: dict[str, float] = {}
        self._started: dict[str, float] = {}

    @hook_impl
    def before_pipeline_run(self) -> None:
        self.durations, self._started = {}, {}

    @hook_impl
    def before_node_run(self, node: Node) -> None:
        self._started[node.name] = time.perf_counter()

    @hook_impl
    def after_node_run(self, node: Node) -> None:
        self.durations[node.name] = time.perf_counter() - self._started.pop(node.name)

    @hook_impl
    def after_pipeline_run(self) -> None:
        total = sum(self.durations.values())
        slowest = sorted(self.durations.items(), key=lambda item: -item[1])[:5]
        logger.info(
            "Node time %.1f s in all; slowest: %s",
            total,
            ", ".join(f"{name} {seconds:.1f} s" for name, seconds in slowest),
        )

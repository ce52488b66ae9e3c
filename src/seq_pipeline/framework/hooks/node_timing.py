"""Per-node wall time: one console line per node, the slowest at the end, kept for benchmarks."""

from __future__ import annotations

import logging
import time

from kedro.framework.hooks import hook_impl
from kedro.pipeline import Node, Pipeline

logger = logging.getLogger(__name__)


class NodeTimingHook:
    """Measures each node's wall time, logs it as the node ends and the slowest at the end.

    Kept in memory on the hook instance (`durations`), so benchmarks can read it after a
    run without parsing logs.
    """

    def __init__(self) -> None:
        self.durations: dict[str, float] = {}
        self._started: dict[str, float] = {}
        self._total = 0

    @hook_impl
    def before_pipeline_run(self, pipeline: Pipeline) -> None:
        self.durations, self._started = {}, {}
        self._total = len(pipeline.nodes)

    @hook_impl
    def before_node_run(self, node: Node) -> None:
        self._started[node.name] = time.perf_counter()

    @hook_impl
    def after_node_run(self, node: Node) -> None:
        self.durations[node.name] = time.perf_counter() - self._started.pop(node.name)
        logger.info(
            "[%d/%d] %s %.1f s",
            len(self.durations),
            self._total,
            node.name,
            self.durations[node.name],
        )

    @hook_impl
    def after_pipeline_run(self) -> None:
        total = sum(self.durations.values())
        slowest = sorted(self.durations.items(), key=lambda item: -item[1])[:5]
        logger.info(
            "Node time %.1f s in all; slowest: %s",
            total,
            ", ".join(f"{name} {seconds:.1f} s" for name, seconds in slowest),
        )

"""Where and when a benchmark ran, and the project it runs: one copy for every script.

Each committed result names the machine, the date and the command; the fields come from here
so that results written by different scripts describe the machine the same way.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "benchmarks" / "results"


def machine_info(*packages: str, **extra: object) -> dict:
    """CPU count, platform, Python, then the version of each of `packages`, then `extra`."""
    info: dict = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    info.update({name: version(name) for name in packages})
    return info | extra


def cpu_model() -> str:
    """The CPU's model name (Linux), else the architecture."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        return next(line.split(":", 1)[1].strip() for line in lines if "model name" in line)
    except (OSError, StopIteration):
        return platform.machine()


def machine_text() -> str:
    """The machine in one line: host, architecture, CPUs, platform and Python."""
    return (
        f"{platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, shared with other "
        f"jobs), {platform.platform()}, Python {platform.python_version()}"
    )


def utc_minute() -> str:
    """Now, to the minute, in UTC: the date a result records."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def start_kedro_project() -> None:
    """Telemetry and TensorFlow's C++ logging off, then the project bootstrapped from its root.

    Runs go through a real KedroSession, which reads `conf/` relative to the project root.
    """
    os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.chdir(PROJECT)
    from kedro.framework.startup import bootstrap_project  # noqa: PLC0415

    bootstrap_project(PROJECT)


def parse_params(pairs: list[str]) -> dict:
    """`key.sub=value` pairs (as `kedro run --params` takes them) as nested runtime params;
    each value is read as YAML (`2` an int, `null` None, `[a, b]` a list)."""
    import yaml  # noqa: PLC0415

    params: dict = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        *parents, leaf = key.split(".")
        node = params
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = yaml.safe_load(value)
    return params


def deep_merge(base: dict, extra: dict) -> dict:
    """`base` with `extra`'s keys laid over it, nested dicts merged rather than replaced."""
    merged = dict(base)
    for key, value in extra.items():
        nested = isinstance(value, dict) and isinstance(merged.get(key), dict)
        merged[key] = deep_merge(merged[key], value) if nested else value
    return merged


def _spin() -> None:
    while True:
        pass


@contextmanager
def busy_cores(n: int) -> Iterator[None]:
    """`n` CPU-bound processes (a busy loop each) running beside the block; none when n is 0."""
    workers = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(n)]
    for worker in workers:
        worker.start()
    try:
        yield
    finally:
        for worker in workers:
            worker.terminate()
            worker.join()

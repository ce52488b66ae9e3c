"""Where and when a benchmark ran, and the project it runs: one copy for every script.

Each committed result names the machine, the date and the command; the fields come from here
so that results written by different scripts describe the machine the same way.
"""

from __future__ import annotations

import os
import platform
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

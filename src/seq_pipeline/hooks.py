"""Project hooks."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path
from typing import Any

import yaml
from kedro.framework.hooks import hook_impl

from seq_pipeline.core.parameters import check_known_keys
from seq_pipeline.demo import DemoOptions, write_demo_file

logger = logging.getLogger(__name__)

RAW_DATASET = "raw_sequences"


class DemoDataHook:
    """Writes the demo data before a run that reads the (absent) default raw file.

    With no user data, `kedro run` must still do real work; the demo file is written only
    when the run's raw input is the demo path and nothing exists there yet.
    """

    @hook_impl
    def before_pipeline_run(self, run_params: dict[str, Any], pipeline: Any, catalog: Any) -> None:
        if RAW_DATASET not in pipeline.inputs() or "params:demo" not in catalog:
            return
        demo = DemoOptions.model_validate(catalog.load("params:demo"))
        raw_path = getattr(catalog.get(RAW_DATASET), "filepath", None)
        if raw_path is None or Path(raw_path).resolve() != Path(demo.path).resolve():
            return
        if write_demo_file(demo.path, demo.n_sequences, demo.n_steps, demo.seed):
            logger.info(
                "No raw data at '%s': wrote the demo dataset (%d sequences × %d steps).",
                demo.path,
                demo.n_sequences,
                demo.n_steps,
            )


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
    def before_node_run(self, node: Any) -> None:
        self._started[node.name] = time.perf_counter()

    @hook_impl
    def after_node_run(self, node: Any) -> None:
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


DIAGNOSIS_DATASET = "diagnosis"


class DiagnosisSummaryHook:
    """Ends a run that diagnosed the model with a short summary of the verdict in the log."""

    @hook_impl
    def after_pipeline_run(self, run_params: dict[str, Any], pipeline: Any, catalog: Any) -> None:
        if DIAGNOSIS_DATASET not in pipeline.all_outputs():
            return
        from seq_pipeline.pipelines.diagnose.report import summary_lines  # noqa: PLC0415

        diagnosis = catalog.load(DIAGNOSIS_DATASET)
        logger.info("\n".join(summary_lines(diagnosis)))


# Run inputs read through `${runtime_params:…}` in the catalog, not from parameter files;
# listed too for packaged projects whose configuration is not a folder to scan.
RUN_INPUTS = ("raw_path", "test_path", "inference_path", "run_id")
RUNTIME_PARAM = re.compile(r"runtime_params:\s*([A-Za-z_][\w-]*)")


class UnknownParameterHook:
    """Stops a run whose top-level parameters include a key no configuration file declares.

    `--params trian_options.epochs=3` would otherwise train with the default epochs without a
    word. Known keys are those of conf/<base>'s parameter files plus the run inputs the catalog
    reads through `runtime_params`.
    """

    @hook_impl
    def after_context_created(self, context: Any) -> None:
        loader = context.config_loader
        conf = Path(str(loader.conf_source))
        base = conf / loader.base_env
        if not base.is_dir():  # a packaged or remote configuration: nothing to compare with
            return
        known = _declared_keys(base, loader.config_patterns["parameters"])
        check_known_keys(loader["parameters"], known | _runtime_keys(conf) | set(RUN_INPUTS))


def _declared_keys(folder: Path, patterns: list[str]) -> set[str]:
    """Top-level keys of every parameter file the config loader would read in `folder`."""
    files = {p for pattern in patterns for p in folder.glob(pattern) if p.is_file()}
    keys: set[str] = set()
    for file in files:
        if file.suffix in (".yml", ".yaml", ".json"):
            keys |= set(yaml.safe_load(file.read_text()) or {})
    return keys


def _runtime_keys(conf: Path) -> set[str]:
    """Names the configuration reads with `${runtime_params:<name>}`."""
    return {m for f in conf.rglob("*.yml") for m in RUNTIME_PARAM.findall(f.read_text())}

"""``UnknownParameterHook``: a top-level parameter key nobody declared stops the run.

`--params trian_options.epochs=3` would otherwise train with the default epochs without a
word: Kedro validates an options block typed as a pydantic model, but keeps a top-level key
that no node reads. Known keys are those of conf/<base>'s parameter files plus the run
inputs the configuration reads through `${runtime_params:…}`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from kedro.framework.hooks import hook_impl

from seq_pipeline.core.parameters import check_known_keys

# Run inputs read through `${runtime_params:…}`, not from parameter files; listed too for
# packaged projects whose configuration is not a folder to scan.
RUN_INPUTS = ("raw_path", "test_path", "inference_path", "run_id")
RUNTIME_PARAM = re.compile(r"runtime_params:\s*([A-Za-z_][\w-]*)")


class UnknownParameterHook:
    """Refuses, before any node runs, top-level parameters that no configuration declares."""

    @hook_impl
    def after_context_created(self, context: Any) -> None:
        loader = context.config_loader
        conf = Path(str(loader.conf_source))
        base = conf / loader.base_env
        if not base.is_dir():  # a packaged or remote configuration: nothing to compare with
            return
        patterns = loader.config_patterns["parameters"]
        env = conf / (loader.env or loader.default_run_env)
        # Read as files, not through `loader["parameters"]`: resolving parameters now would
        # freeze `runtime_params` before the run identity hook has added the run id.
        given = set(loader.runtime_params or {}) | _declared_keys(env, patterns)
        known = _declared_keys(base, patterns) | _runtime_keys(conf) | set(RUN_INPUTS)
        check_known_keys(given, known)


def _declared_keys(folder: Path, patterns: list[str]) -> set[str]:
    """Top-level keys of every parameter file the config loader would read in `folder`."""
    if not folder.is_dir():
        return set()
    files = {p for pattern in patterns for p in folder.glob(pattern) if p.is_file()}
    keys: set[str] = set()
    for file in files:
        if file.suffix in (".yml", ".yaml", ".json"):
            keys |= set(yaml.safe_load(file.read_text()) or {})
    return keys


def _runtime_keys(conf: Path) -> set[str]:
    """Names the configuration reads with `${runtime_params:<name>}`."""
    return {m for f in conf.rglob("*.yml") for m in RUNTIME_PARAM.findall(f.read_text())}

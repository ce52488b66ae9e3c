"""Makes the project executable as `seq-pipeline` and `python -m seq_pipeline`.

A packaged run (`kedro package` → wheel + conf tarball) starts from any folder:
`python -m seq_pipeline --pipelines ingest --conf-source conf-seq_pipeline.tar.gz`. Two things
the project folder normally provides are set up here instead: the telemetry opt-out (the
tarball has no `.telemetry`) and the logging configuration, read from the conf source
rather than from `conf/logging.yml` under the current folder.
"""

import os

# Before Kedro is imported: kedro-telemetry reads this when the CLI starts. An operator who
# wants telemetry sets KEDRO_DISABLE_TELEMETRY to an empty string.
os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "1")

import sys
import tarfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from kedro.framework.cli.utils import find_run_command
from kedro.framework.project import configure_logging, configure_project

LOGGING_FILE = "logging.yml"


def conf_source_arg(args: Sequence[str]) -> str | None:
    """The value of `--conf-source` in a command line, if any."""
    for i, arg in enumerate(args):
        if arg == "--conf-source" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--conf-source="):
            return arg.split("=", 1)[1]
    return None


def read_logging_config(conf_source: str) -> dict[str, Any] | None:
    """`logging.yml` at the top of a conf folder or archive (`kedro package` puts it in conf/)."""
    source = Path(conf_source)
    if source.is_dir():
        path = source / LOGGING_FILE
        return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if tarfile.is_tarfile(source):
        with tarfile.open(source) as archive:
            names = archive.getnames()
            name = _top_level_logging(names)
            member = archive.extractfile(name) if name else None
            return yaml.safe_load(member.read()) if member else None
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            name = _top_level_logging(archive.namelist())
            return yaml.safe_load(archive.read(name)) if name else None
    return None


def _top_level_logging(names: Sequence[str]) -> str | None:
    """`logging.yml` or `<folder>/logging.yml` among an archive's member names."""
    for name in names:
        parts = Path(name).parts
        if parts and parts[-1] == LOGGING_FILE and len(parts) <= 2:
            return name
    return None


def main(*args: Any, **kwargs: Any) -> Any:
    package_name = Path(__file__).parent.name
    configure_project(package_name)
    conf_source = conf_source_arg(kwargs.get("args") or (args[0] if args else sys.argv[1:]))
    logging_config = read_logging_config(conf_source) if conf_source else None
    if logging_config:
        configure_logging(logging_config)
    kwargs["standalone_mode"] = not hasattr(sys, "ps1")
    run = find_run_command(package_name)
    return run(*args, **kwargs)


if __name__ == "__main__":
    main()

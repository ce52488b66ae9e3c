"""`make dags`: writes the project's Airflow DAGs with kedro-airflow and the packaged template.

    python -m seq_pipeline.orchestration.dags --env production --target-dir $AIRFLOW_HOME/dags

Two kinds of DAG, from `airflow_dag.j2` (shipped in the wheel):

- one per registered pipeline with one task per Kedro node: `seq_pipeline_<p>_dag.py`,
  `dag_id` `seq_pipeline__<p>` (`seq_pipeline_dag.py` and `seq_pipeline__default` for
  `__default__`);
- one per pipeline that spans more than one stage, with one task per stage (kedro-airflow's
  `--group-by namespace`): `seq_pipeline_<p>_stages_dag.py`, `dag_id` `seq_pipeline__<p>__stages`.

File names do not carry the environment: one folder holds one deployment's DAGs. The data root
is a worker's setting, never baked into a DAG, so generation does not need it.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stdout
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import click
from kedro.framework.project import pipelines
from kedro.framework.startup import bootstrap_project
from kedro_airflow.plugin import create

from seq_pipeline.orchestration import PACKAGE_NAME

DATA_ROOT_VAR = "SEQ_PIPELINE_DATA_ROOT"
DEFAULT_PIPELINE = "__default__"
TEMPLATE = "airflow_dag.j2"


def dag_file_name(pipeline_name: str, stages: bool = False) -> str:
    """`seq_pipeline[_<p>][_stages]_dag.py`: the file of a pipeline's DAG."""
    parts = [PACKAGE_NAME]
    if pipeline_name != DEFAULT_PIPELINE:
        parts.append(pipeline_name)
    if stages:
        parts.append("stages")
    return "_".join(parts) + "_dag.py"


def multi_stage(registered: Mapping[str, Any]) -> list[str]:
    """The pipelines whose nodes span more than one stage (namespace), in name order."""
    return sorted(
        name
        for name, pipeline in registered.items()
        if len(pipeline.group_nodes_by(group_by="namespace")) > 1
    )


@contextmanager
def _generation_data_root() -> Iterator[None]:
    """A placeholder data root while kedro-airflow loads the configuration, if none is set.

    Environments such as `production` read the data root from the environment with no
    default; the DAG files never contain it, so an empty folder stands in for it.
    """
    if os.environ.get(DATA_ROOT_VAR):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="dag-generation-") as placeholder:
        os.environ[DATA_ROOT_VAR] = placeholder
        try:
            yield
        finally:
            del os.environ[DATA_ROOT_VAR]


def _create(
    metadata: Any,
    template: Path,
    name: str,
    env: str,
    stages: bool,
    params: Mapping[str, Any],
    conf_source: str,
) -> Path:
    """One DAG file from kedro-airflow's `create`, written into an empty folder of its own."""
    target = Path(tempfile.mkdtemp(prefix="dag-"))
    context = click.Context(create, obj=metadata)
    # Its messages name the temporary folder; `main` reports the files where they end up.
    with context, redirect_stdout(io.StringIO()):
        context.invoke(
            create,
            pipeline_names=[name],
            convert_all=False,
            env=env,
            target_path=str(target),
            jinja_file=str(template),
            node_grouping="namespace" if stages else None,
            tags=[],
            params=dict(params),
            conf_source=conf_source,
        )
    (written,) = target.glob("*.py")
    return written


def write_dags(
    project_path: Path,
    env: str,
    target_dir: Path,
    params: Mapping[str, Any] | None = None,
    conf_source: str = "",
) -> list[Path]:
    """Write every DAG into `target_dir`, after removing the project's DAG files already there.

    `params` reach the template as kedro-airflow's `--params` do (over conf/*/airflow.yml);
    the project path is always one of them.
    """
    project_path = project_path.resolve()
    metadata = bootstrap_project(project_path)
    values = {**(params or {}), "project_path": str(project_path)}
    target_dir.mkdir(parents=True, exist_ok=True)
    for old in target_dir.glob(f"{PACKAGE_NAME}*_dag.py"):
        old.unlink()
    jobs = [(name, False) for name in sorted(pipelines)]
    jobs += [(name, True) for name in multi_stage(pipelines)]
    written = []
    with as_file(files(__package__) / TEMPLATE) as template, _generation_data_root():
        for name, stages in jobs:
            made = _create(metadata, template, name, env, stages, values, conf_source)
            destination = target_dir / dag_file_name(name, stages)
            shutil.move(made, destination)
            made.parent.rmdir()
            written.append(destination)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default="local", help="Kedro environment baked in as default")
    parser.add_argument("--target-dir", default="dags", type=Path)
    parser.add_argument("--project-path", default=Path.cwd(), type=Path)
    parser.add_argument("--conf-source", default="")
    parser.add_argument(
        "--params", action="append", default=[], metavar="KEY=VALUE", help="template values"
    )
    args = parser.parse_args(argv)
    params = dict(item.split("=", 1) for item in args.params)
    target = args.project_path / args.target_dir  # an absolute target dir stays as it is
    for path in write_dags(args.project_path, args.env, target, params, args.conf_source):
        click.echo(f"wrote {path}")


if __name__ == "__main__":
    main()

"""Ends every run with the answer and where it is: a short block, the last thing logged."""

from __future__ import annotations

import logging
from typing import Any

from kedro.framework.hooks import hook_impl
from kedro.io import CatalogProtocol
from kedro.io.core import DatasetError, get_filepath_str
from kedro.pipeline import Pipeline

from seq_pipeline.framework.console import RUN_START

logger = logging.getLogger(__name__)

# What a person looks for after a run, by label, and the dataset holding it.
ARTIFACTS = (
    ("report", "diagnosis_report"),
    ("metrics", "metrics"),
    ("model", "model"),
    ("predictions", "predictions"),
    ("inference predictions", "inference_predictions"),
)


def artifact_path(catalog: CatalogProtocol, name: str, saved: bool) -> str | None:
    """The file of `name` this run saved (`saved`) or read: its versioned path, if any."""
    if name not in catalog:
        return None
    dataset = catalog.get(name)
    # Kedro's versioned datasets expose no path accessor: the run's save version for what it
    # wrote (`_get_save_path` refuses once that file exists), the newest for what it read.
    try:
        if saved:
            path = dataset._get_versioned_path(dataset.resolve_save_version())
        else:
            path = dataset._get_load_path()
    except (AttributeError, DatasetError):  # not versioned, or nothing to read
        return None
    return get_filepath_str(path, getattr(dataset, "_protocol", "file"))


def artifact_paths(catalog: CatalogProtocol, pipeline: Pipeline) -> dict[str, str]:
    """Label → path of every artifact of `ARTIFACTS` that this run wrote or read."""
    outputs, inputs = pipeline.all_outputs(), pipeline.inputs()
    paths = {}
    for label, name in ARTIFACTS:
        if name in outputs or name in inputs:
            path = artifact_path(catalog, name, saved=name in outputs)
            if path:
                paths[label] = path
    return paths


def answer_lines(diagnosis: dict[str, Any] | None, metrics: dict[str, Any] | None) -> list[str]:
    """The verdict with its meaning, and test accuracy with its interval, where known."""
    lines = []
    if diagnosis and diagnosis.get("verdict"):
        # A diagnosis written by another version of the project may lack the meaning.
        meaning = diagnosis.get("meaning")
        lines.append(f"verdict      {diagnosis['verdict']}" + (f": {meaning}" if meaning else ""))
    test = (metrics or {}).get("test") or {}
    model = ((diagnosis or {}).get("comparison") or {}).get("model") or {}
    if "accuracy" in test:
        interval = model.get("accuracy_ci")
        shown = f" [{interval[0]:.4f}, {interval[1]:.4f}]" if interval else ""
        lines.append(
            f"test         accuracy {test['accuracy']:.4f}{shown}, balanced accuracy "
            f"{test['balanced_accuracy']:.4f} (n={test.get('n', '?')})"
        )
    return lines


# The BiLSTM's cliff (benchmarks/results/real_data.md): on small or long public sets it can
# sit at chance on one seed where MiniRocket, the first of `auto`'s candidates, does not.
CLIFF_HINT = (
    "next         the {architecture} did not learn what the baselines found; on small or long "
    "sets it can stall at chance on some seeds: rerun with --params "
    "train_options.architecture=auto (docs/models.md, 'Which model when')"
)


def cliff_lines(diagnosis: dict[str, Any] | None, history: dict[str, Any] | None) -> list[str]:
    """What to try next when a single trained network failed where the data has signal."""
    if (diagnosis or {}).get("verdict") != "model_fails" or not history:
        return []
    if history.get("selection"):
        return []  # `auto` already tried every candidate; the report says what to read next
    return [CLIFF_HINT.format(architecture=history.get("architecture", "model"))]


def summary_block(
    run_id: str,
    reads: str | None,
    answer: list[str],
    paths: dict[str, str],
) -> str:
    """The closing block: run id, what it read, the answer and the paths, one per line."""
    lines = [f"Run {run_id} finished", *([f"input        {reads}"] if reads else []), *answer]
    lines += [f"{label:<12} {path}" for label, path in paths.items()]
    return "\n".join(lines)


class RunSummaryHook:
    """Logs the closing block when a run succeeds (registered first, so it is logged last)."""

    @hook_impl
    def after_pipeline_run(
        self, run_params: dict[str, Any], pipeline: Pipeline, catalog: CatalogProtocol
    ) -> None:
        runtime = run_params.get("runtime_params") or {}
        run_id = str(runtime.get("run_id") or RUN_START.get("run_id") or "?")
        reads = RUN_START.get("reads") if RUN_START.get("run_id") == run_id else None
        produced = pipeline.all_outputs() | pipeline.inputs()
        loaded = {
            name: catalog.load(name) if name in produced and name in catalog else None
            for name in ("diagnosis", "metrics", "training_history")
        }
        paths = artifact_paths(catalog, pipeline)
        folder = RUN_START.get("runs_dir") if RUN_START.get("run_id") == run_id else None
        if folder:
            # Written when the part ended (the run identity hook runs before this one).
            paths["index"] = f"{str(folder).rstrip('/')}/{run_id}/index.html"
        answer = answer_lines(loaded["diagnosis"], loaded["metrics"])
        answer += cliff_lines(loaded["diagnosis"], loaded["training_history"])
        logger.info(summary_block(run_id, reads, answer, paths))

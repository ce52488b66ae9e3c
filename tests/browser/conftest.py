"""Browser fixtures: one headless Chromium and one finished tiny run, shared by the tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project
from selenium.webdriver.remote.webdriver import WebDriver

from seq_pipeline.core.demo import make_event_sequences, to_long_table
from tests.browser.chromium import build_viz, find_chromium, serve, start_chromium
from tests.conftest import SEED, copy_project
from tests.test_run import TINY_TRAINING

RUN_ID = "browser"
NO_CHROMIUM = (
    "no system Chromium and chromedriver on PATH "
    "(`apt-get install chromium chromium-driver`; .ci/run installs them)"
)


@dataclass(frozen=True)
class FinishedRun:
    """A project copy after one default run, and what its diagnosis step wrote."""

    project: Path
    diagnosis: dict[str, Any]
    report_html: str


@pytest.fixture(scope="session")
def browser() -> Iterator[WebDriver]:
    """The system's headless Chromium; tests that need it skip when it is not installed."""
    found = find_chromium()
    if found is None:
        pytest.skip(NO_CHROMIUM)
    driver = start_chromium(*found)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def finished_run(tmp_path_factory) -> FinishedRun:
    """The default pipeline run once through a real KedroSession on tiny generated data."""
    root = tmp_path_factory.mktemp("browser_run")
    project = copy_project(root)
    raw = root / "sequences.parquet"
    x, y = make_event_sequences(n_sequences=200, n_steps=12, seed=SEED, pulse_height=5.0)
    to_long_table(x, y, ("a", "b")).to_parquet(raw)
    params = {"raw_path": str(raw), "train_options": TINY_TRAINING, "run_id": RUN_ID}
    # The catalog's relative paths resolve against the working directory.
    cwd = Path.cwd()
    os.chdir(project)
    try:
        bootstrap_project(project)
        with KedroSession.create(project_path=project, runtime_params=params) as session:
            session.run()
        with KedroSession.create(project_path=project, runtime_params=params) as session:
            catalog = session.load_context().catalog
            return FinishedRun(project, catalog.load("diagnosis"), catalog.load("diagnosis_report"))
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="session")
def viz_url(finished_run) -> Iterator[str]:
    """kedro-viz built with previews of the finished run (the latest complete one), on 127.0.0.1."""
    with serve(build_viz(finished_run.project, include_previews=True)) as url:
        yield url

"""Headless Chromium (Debian's package, driven by Selenium), a local web server and kedro-viz.

Shared by the browser tests and `scripts/screenshot_viz.py`. Browsers are never downloaded:
Selenium is pointed at the system's `chromium` and `chromedriver` (`.ci/run` installs them).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

KEDRO = Path(sys.executable).with_name("kedro")
WINDOW = (1100, 1300)
# kedro-viz keeps its settings under this localStorage key: a light theme for the README and no
# onboarding tour covering the graph.
VIZ_SETTINGS = {
    "theme": "light",
    "showFeatureHints": False,
    "visible": {"miniMap": False, "sidebar": False},
}
GRAPH_NODES = "svg g.pipeline-node"


def find_chromium() -> tuple[str, str] | None:
    """Paths of the system Chromium and its matching chromedriver, or None if either is absent."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def start_chromium(
    browser: str, driver: str, window: tuple[int, int] = WINDOW, scale: float = 1
) -> WebDriver:
    """A headless Chromium session; sandbox off because CI runs as root in a container.

    `scale` > 1 renders more pixels per CSS pixel: sharper screenshots of the same layout.
    """
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={window[0]},{window[1]}",
        f"--force-device-scale-factor={scale}",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(driver))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep test output free of one line per request."""


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def build_viz(project: Path, include_previews: bool = True) -> Path:
    """Run `kedro viz build` in `project` and return the static site's folder.

    `kedro viz build` takes no runtime parameters: the catalog's run folder is then the
    newest complete run (framework/latest_run.py), so previews need no project hooks.
    """
    options = ["--include-previews"] if include_previews else []
    command = [str(KEDRO), "viz", "build", *options]
    env = {**os.environ, "KEDRO_DISABLE_TELEMETRY": "1"}
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"`kedro viz build` failed:\n{result.stdout}\n{result.stderr}")
    return project / "build"


def open_viz(driver: WebDriver, url: str, timeout: float = 60) -> None:
    """Open kedro-viz with the project's settings and wait until the graph has settled."""
    # Written before the app's own scripts run: kedro-viz saves its state over the key on start-up,
    # and this also clears what an earlier test left there (expanded stages, a selected node).
    script = driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": f"window.localStorage.setItem('KedroViz', '{json.dumps(VIZ_SETTINGS)}');"},
    )
    try:
        driver.get(url)
    finally:
        driver.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
        )
    WebDriverWait(driver, timeout).until(
        lambda d: d.find_elements("css selector", GRAPH_NODES),
        message="kedro-viz drew no graph nodes",
    )
    wait_until_still(driver, timeout)


def node_boxes(driver: WebDriver) -> dict[str, dict[str, float]]:
    """Every graph node's full name → its box on the page (x, y, width, height)."""
    return driver.execute_script(
        """
        const boxes = {};
        for (const g of document.querySelectorAll(arguments[0])) {
          const r = g.getBoundingClientRect();
          boxes[g.dataset.nodeFullname] = {x: r.x, y: r.y, width: r.width, height: r.height,
                                           type: g.dataset.nodeType,
                                           label: g.querySelector('.pipeline-node__text')
                                                   ?.textContent ?? ''};
        }
        return boxes;
        """,
        GRAPH_NODES,
    )


def wait_until_still(driver: WebDriver, timeout: float = 60, interval: float = 0.5) -> None:
    """Wait until the nodes stop moving: kedro-viz animates layout and zoom after drawing."""
    deadline = time.monotonic() + timeout
    before = node_boxes(driver)
    while time.monotonic() < deadline:
        time.sleep(interval)
        now = node_boxes(driver)
        if now and now == before:
            return
        before = now
    raise TimeoutError(f"kedro-viz graph still moving after {timeout} s")

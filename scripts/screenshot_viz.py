"""Refresh the README's kedro-viz picture (docs/images/pipeline.png) in headless Chromium.

    make viz-screenshot            # or: python scripts/screenshot_viz.py [--output PATH]

Builds kedro-viz for a scratch copy of the project's configuration, serves it on 127.0.0.1 and
photographs the graph as it first opens (stages collapsed), with the system's Chromium.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCALE = 2  # twice the pixels, so node labels stay legible in the README
sys.path.insert(0, str(ROOT))  # the browser helpers live with the tests that share them

from tests.browser.chromium import (  # noqa: E402
    build_viz,
    find_chromium,
    open_viz,
    serve,
    start_chromium,
)
from tests.conftest import copy_project  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs/images/pipeline.png")
    output = parser.parse_args().output
    found = find_chromium()
    if found is None:
        sys.exit("No chromium + chromedriver on PATH: apt-get install chromium chromium-driver")
    with tempfile.TemporaryDirectory() as scratch:
        site = build_viz(copy_project(Path(scratch)), include_previews=False)
        driver = start_chromium(*found, scale=SCALE)
        try:
            with serve(site) as url:
                open_viz(driver, url)
                output.parent.mkdir(parents=True, exist_ok=True)
                if not driver.save_screenshot(str(output)):
                    sys.exit(f"Chromium could not write {output}")
        finally:
            driver.quit()
    print(f"wrote {output}")  # noqa: T201 (a command-line script's one line of output)


if __name__ == "__main__":
    main()

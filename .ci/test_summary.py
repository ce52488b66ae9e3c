"""Print one line of test counts (with skips) from pytest's JUnit XML, for the CI log."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

path = Path(sys.argv[1])
if path.is_file():
    suite = ET.parse(path).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    counts = {k: int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")}
    print("CI test summary: " + ", ".join(f"{v} {k}" for k, v in counts.items()))

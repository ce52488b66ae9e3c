"""The diagnosis report of a real run, opened in headless Chromium: verdict, sections, images."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SECTIONS = [
    "What this report is about",
    "Evidence",
    "Likely causes",
    "Warnings",
    "Model",
    "Model vs baselines (test split)",
    "Could this be too good to be true?",
    "Data checks",
    "Training health",
    "How the verdict is reached",
    "Figures",
]
# Shown between "Data checks" and "Training health" when the diagnosis holds that check.
CHECK_SECTIONS = {
    "near_copies": "Near-copies across splits",
    "shift": "Train vs test shift",
    "sample_size": "Test sample size",
}
FIGURES = {"model vs baselines", "ROC curve", "learning curves"}


@pytest.fixture(scope="module")
def report_page(browser, finished_run, tmp_path_factory):
    """The report as the run wrote it, alone in a folder: it must need no other file."""
    page = tmp_path_factory.mktemp("report") / "diagnosis.html"
    page.write_text(finished_run.report_html, encoding="utf-8")
    browser.get(page.as_uri())
    WebDriverWait(browser, 30).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete'"
            " && [...document.images].every(img => img.complete);"
        ),
        message="the report's images did not finish loading",
    )
    return browser


def test_report_shows_the_runs_verdict(report_page, finished_run):
    diagnosis = finished_run.diagnosis
    verdict = report_page.find_element("id", "verdict")
    assert verdict.find_element("tag name", "b").text == diagnosis["verdict"]
    assert diagnosis["meaning"] in verdict.text
    assert verdict.is_displayed()
    assert report_page.title == "seq_pipeline diagnosis"


def test_report_has_every_section_in_order(report_page, finished_run):
    headings = [h.text for h in report_page.find_elements("tag name", "h2")]
    checks = [h for key, h in CHECK_SECTIONS.items() if finished_run.diagnosis.get(key)]
    assert checks, "the run's diagnosis holds none of the data-check sections"
    # Notes (findings that do not apply, such as scale differences with scaling on) follow
    # the warnings when the run has any.
    notes = ["Notes"] if finished_run.diagnosis.get("notes") else []
    at, after = SECTIONS.index("Training health"), SECTIONS.index("Warnings") + 1
    expected = SECTIONS[:after] + notes + SECTIONS[after:at] + checks + SECTIONS[at:]
    assert headings == expected
    evidence = report_page.find_elements("xpath", "//h2[.='Evidence']/following-sibling::ul[1]/li")
    assert [li.text for li in evidence] == finished_run.diagnosis["evidence"]
    scorers = report_page.find_elements("css selector", "table tbody th")
    assert set(finished_run.diagnosis["comparison"]) <= {th.text for th in scorers}


def test_every_image_loaded_and_is_embedded(report_page):
    images = report_page.execute_script(
        "return [...document.images].map(img => ({alt: img.alt, src: img.src.slice(0, 22),"
        " width: img.naturalWidth, height: img.naturalHeight}));"
    )
    assert {img["alt"] for img in images} >= FIGURES
    for img in images:
        assert img["src"] == "data:image/png;base64,", img["alt"]  # self-contained page
        assert img["width"] > 100 and img["height"] > 100, img["alt"]

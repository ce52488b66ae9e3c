"""kedro-viz in headless Chromium: the graph opens on the stages, in flow order, with previews."""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.chromium import node_boxes, open_viz, wait_until_still

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STAGES = ("ingest", "normalize", "split", "audit", "train", "evaluate", "diagnose")
# Each stage's outputs feed the next, so each one sits below the one before it.
FLOW = (
    ("ingest", "normalize"),
    ("normalize", "split"),
    ("split", "audit"),
    ("audit", "train"),
    ("train", "evaluate"),
    ("evaluate", "diagnose"),
    ("audit", "diagnose"),
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def stage_boxes(browser) -> dict[str, dict]:
    """The collapsed modular pipelines (stages) drawn in the graph, by name."""
    return {
        name: box for name, box in node_boxes(browser).items() if box["type"] == "modularPipeline"
    }


def test_graph_opens_on_every_stage_in_flow_order(browser, viz_url, tmp_path):
    open_viz(browser, viz_url)
    stages = stage_boxes(browser)
    missing = [s for s in STAGES if s not in stages]
    assert not missing, f"stages not drawn as modular pipelines: {missing}; drawn: {sorted(stages)}"
    for name in STAGES:
        assert stages[name]["label"] == name
        assert stages[name]["width"] > 0 and stages[name]["height"] > 0
    for upstream, downstream in FLOW:
        assert stages[upstream]["y"] < stages[downstream]["y"], f"{upstream} not above {downstream}"
    # Collapsed: no stage's own nodes are drawn until it is opened.
    assert not [n for n, b in node_boxes(browser).items() if b["type"] == "task"]
    screenshot = tmp_path / "pipeline.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.read_bytes().startswith(PNG_SIGNATURE)


def test_a_stage_expands_on_click(browser, viz_url):
    open_viz(browser, viz_url)
    assert "train" in stage_boxes(browser), "train is not drawn as a stage (modular pipeline)"
    browser.find_element("css selector", 'g.pipeline-node[data-node-fullname="train"]').click()
    WebDriverWait(browser, 30).until(
        lambda d: any(b["type"] == "task" for b in node_boxes(d).values()),
        message="clicking the train stage drew none of its nodes",
    )
    wait_until_still(browser)
    tasks = {b["label"] for b in node_boxes(browser).values() if b["type"] == "task"}
    assert "train_model" in tasks
    assert "train" not in stage_boxes(browser)  # replaced by its nodes
    assert "evaluate" in stage_boxes(browser)  # the other stages stay collapsed


def built_node(viz_url_build, name: str) -> dict:
    """The static build's JSON for the dataset called `name` (what the side panel shows)."""
    graph = json.loads((viz_url_build / "api" / "main").read_text())
    (node_id,) = [n["id"] for n in graph["nodes"] if n["name"] == name]
    return json.loads((viz_url_build / "api" / "nodes" / node_id).read_text())


def test_previews_of_metrics_and_plots_are_built(finished_run, viz_url):
    build = finished_run.project / "build"
    metrics = built_node(build, "metrics")
    assert metrics["preview_type"] == "JSONPreview"
    assert {"train", "test"} <= set(json.loads(metrics["preview"]))
    plot = built_node(build, "roc_curve_plot")
    assert plot["preview_type"] == "ImagePreview"
    assert plot["preview"].startswith("iVBORw0KGgo")  # base64 of the PNG signature


def open_side_panel(browser, dataset: str):
    """Click a dataset in the graph and return kedro-viz's side panel once it shows its name."""
    browser.find_element("css selector", f'g.pipeline-node[data-node-fullname="{dataset}"]').click()
    return WebDriverWait(browser, 30).until(
        lambda d: next(
            (
                p
                for p in d.find_elements("css selector", ".pipeline-metadata--visible")
                if p.find_element("css selector", ".pipeline-metadata__title").text == dataset
            ),
            None,
        ),
        message=f"no side panel for {dataset}",
    )


def test_side_panel_previews_metrics_and_a_plot(browser, viz_url):
    open_viz(browser, viz_url)
    panel = open_side_panel(browser, "metrics")
    preview = WebDriverWait(browser, 30).until(
        lambda d: panel.find_element("css selector", ".pipeline-metadata__preview-json").text,
        message="no JSON preview of metrics",
    )
    assert "balanced_accuracy" in preview and "test" in preview
    panel = open_side_panel(browser, "roc_curve_plot")
    image = panel.find_element("css selector", "img.pipeline-metadata__plot-image")
    WebDriverWait(browser, 30).until(
        lambda d: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth;", image
        ),
        message="the ROC curve preview did not load",
    )
    assert image.get_attribute("src").startswith("data:image/png;base64,")

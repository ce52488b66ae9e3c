"""The verdict rules are one ordered table: the docs, the report and `decide` follow it."""

from __future__ import annotations

import re
from pathlib import Path

from seq_pipeline.pipelines.diagnose.report import rules_section
from seq_pipeline.pipelines.diagnose.verdict import VERDICTS, decide
from seq_pipeline.pipelines.diagnose.verdict_rules import RULES
from tests.pipelines.diagnose.rule_inputs import case

DOCS = Path(__file__).parents[3] / "docs" / "diagnosis.md"
ORDER = [rule.verdict for rule in RULES]


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n#", start + len(heading))
    return text[start : end if end > 0 else None]


def test_docs_verdict_table_lists_exactly_the_rules_in_order():
    table = _section(DOCS.read_text(encoding="utf-8"), "## Verdicts")
    rows = re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE)
    assert rows == ORDER


def test_docs_why_this_order_follows_the_table():
    reasons = _section(DOCS.read_text(encoding="utf-8"), "### Why this order")
    named = re.findall(r"^\d+\. \*\*`(\w+)`", reasons, flags=re.MULTILINE)
    assert named == ORDER


def test_every_rule_has_a_meaning_and_a_reason_and_the_last_always_fires():
    assert list(VERDICTS) == ORDER and len(set(ORDER)) == len(ORDER)
    assert all(rule.meaning.strip() and rule.precedence.strip() for rule in RULES)
    assert ORDER[-1] == "learns" and ORDER[0] == "leak_suspected"
    assert decide(**case())["verdict"] == "learns"


def test_report_lists_the_rules_in_order_and_marks_the_one_that_fired():
    page = rules_section("imbalance")
    positions = [page.index(f"<b>{verdict}</b>") for verdict in ORDER]
    assert positions == sorted(positions)
    assert page.count("class=fired") == 1
    assert "<li class=fired><b>imbalance</b> ← this run" in page

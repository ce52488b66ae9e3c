"""Where the line of a baseline that beats the model goes: once, right after the model's score."""

from __future__ import annotations

from seq_pipeline.pipelines.diagnose.verdict import decide
from tests.pipelines.diagnose.rule_inputs import case, scorer

BETTER = "logistic_flat beats the model by 0.200 balanced accuracy (paired interval [0.100, 0.300])"
BETTER_BASELINE = {
    "intervals.scorers.model": scorer(0.6, 0.52, 0.7),
    "intervals.scorers.logistic_flat": scorer(0.8, 0.7, 0.9, gap=(0.1, 0.3)),
}


def test_under_another_verdict_the_line_follows_the_models_score():
    leak = {"n": 100, "exact_duplicates": 40, "near_duplicate_fraction": 0.0}
    changes = {
        **BETTER_BASELINE,
        "audit.findings.split_duplicates.test": leak,
        "audit.findings.split_duplicates.summary": "40 test rows duplicate training rows",
    }
    out = decide(**case(**changes))
    assert out["verdict"] == "leak_suspected"
    evidence = out["evidence"]
    model_line = next(i for i, line in enumerate(evidence) if line.startswith("model test"))
    assert evidence[model_line + 1] == BETTER
    assert evidence.count(BETTER) == 1


def test_a_line_the_verdict_already_leads_with_is_not_repeated():
    out = decide(**case(**BETTER_BASELINE))
    assert out["verdict"] == "model_fails"
    assert out["evidence"][0] == BETTER
    assert out["evidence"].count(BETTER) == 1

"""Fast unit tests of the verdict's warnings and likely causes, on hand-built inputs."""

from __future__ import annotations

from seq_pipeline.pipelines.diagnose.verdict import decide, likely_causes
from tests.pipelines.diagnose.rule_inputs import case, no_chance, scorer


def test_warnings_list_flagged_findings_and_a_perfect_score():
    changes = {
        "audit.findings.missing_steps": {"flag": True, "summary": "many gaps"},
        "intervals.scorers.model": scorer(0.999, 0.99, 1.0),
    }
    out = decide(**case(**changes))
    assert out["warnings"] == [
        "many gaps",
        "suspiciously perfect test balanced accuracy 0.999 [0.990, 1.000]",
    ]
    below = {**changes, "intervals.scorers.model": scorer(0.998, 0.99, 1.0)}
    assert decide(**case(**below))["warnings"] == ["many gaps"]


def test_likely_causes_lists_every_failing_check_in_order():
    inputs = case(
        **{
            "audit.findings.feature_scale": {"flag": True, "summary": "scales differ"},
            "audit.findings.constant_features": {"flag": True, "summary": "constant: ['b']"},
            "audit.findings.missing_steps": {"flag": True, "summary": "gaps"},
            "audit.findings.label_order": {"flag": True, "summary": "sorted labels"},
            "health.scale_features": False,
            "health.collapsed": True,
            "health.probability_std": 0.0004,
            "health.predicted_positive_share": 1.0,
            "health.loss_fell": False,
            "health.loss_first": 0.6932,
            "health.loss_min": 0.6931,
            "health.overfitting": True,
            "health.train_balanced_accuracy": 0.99,
            "health.val_balanced_accuracy": 0.6,
        }
    )
    assert likely_causes(inputs["audit"], inputs["health"]) == [
        "scales differ and the model sees raw values: enable scaling "
        "(train_options.scale_features: true)",
        "prediction collapsed to a constant: probability std 0.0004, 100% of test predicted "
        "positive",
        "training loss did not fall: 0.6932 → 0.6931 over 3 epoch(s)",
        "overfitting: train balanced accuracy 0.990 vs validation 0.600",
        "constant: ['b']",
        "gaps",
        "sorted labels",
    ]
    failing = decide(**{**inputs, "intervals": no_chance()["intervals"]})
    assert failing["likely_causes"] == likely_causes(inputs["audit"], inputs["health"])
    assert decide(**inputs)["likely_causes"] == []  # the verdict is "learns": nothing to explain


def test_likely_causes_stay_quiet_when_checks_pass_or_are_unknown():
    inputs = case(
        **{
            "audit.findings.feature_scale": {"flag": True, "summary": "scales differ"},
            "health.loss_fell": None,  # a single epoch: unknown, not a failure
        }
    )
    assert likely_causes(inputs["audit"], inputs["health"]) == []


def test_scale_differences_are_a_note_with_scaling_on_and_a_warning_without():
    scales = {"audit.findings.feature_scale": {"flag": True, "summary": "scales differ"}}
    scaled = decide(**case(**scales, **{"health.scale_features": True}))
    assert scaled["warnings"] == []
    assert scaled["notes"] == [
        "scales differ: harmless here, the model standardizes every feature with training-set "
        "statistics (train_options.scale_features: true)"
    ]
    raw = decide(**case(**scales, **{"health.scale_features": False}))
    assert raw["warnings"] == ["scales differ"] and raw["notes"] == []

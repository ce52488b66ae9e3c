"""The shortcut evidence in the verdict rules, on hand-made findings (milliseconds, no data)."""

from __future__ import annotations

from seq_pipeline.pipelines.diagnose.options import DiagnoseOptions
from seq_pipeline.pipelines.diagnose.verdict import decide
from tests.pipelines.diagnose.rule_inputs import case, scorer

LEAK_SUMMARY = "feature 'status' is constant within each sequence and predicts the label alone"


def leaky(flag: bool = True) -> dict:
    status = {"solo_balanced_accuracy": 0.99, "kind": "constant within each sequence"}
    return {
        "flag": flag,
        "summary": LEAK_SUMMARY if flag else "no column constant within sequences predicts",
        "columns": {"status": status, "f0": {"solo_balanced_accuracy": 0.51, "kind": None}},
        "suspects": ["status"] if flag else [],
    }


def length(solo: float = 0.9, flag: bool = True) -> dict:
    return {
        "flag": flag,
        "summary": f"length predicts the label alone at balanced accuracy {solo:.2f}",
        "tested": True,
        "solo_balanced_accuracy": solo,
        "summary_used": "length",
    }


def test_a_leaky_column_is_leak_suspected_and_leads_with_its_solo_score_vs_the_model():
    out = decide(**case(**{"audit.findings.leaky_column": leaky()}))
    assert out["verdict"] == "leak_suspected"
    assert out["evidence"][0] == LEAK_SUMMARY
    assert out["evidence"][1] == (
        "feature 'status' alone scores 0.990 against the model's test balanced accuracy 0.800: "
        "the model's score may be that column, not the sequences"
    )


def test_a_shortcut_leak_outranks_shift_like_a_near_copy():
    shifted = {"flag": True, "summary": "test distribution differs"}
    changes = {"audit.findings.leaky_column": leaky(), "audit.findings.distribution_shift": shifted}
    assert decide(**case(**changes))["verdict"] == "leak_suspected"


def test_an_id_that_predicts_the_label_but_reaches_no_feature_only_warns():
    ids = {
        "flag": True,
        "summary": "sequence_id (its order) predicts the label alone",
        "suspects": [],
    }
    out = decide(**case(**{"audit.findings.identifier_leak": ids}))
    assert out["verdict"] == "learns"
    assert "sequence_id (its order) predicts the label alone" in out["warnings"]


def test_an_id_that_alone_predicts_the_label_while_features_carry_little_is_a_leak():
    ids = {
        "flag": True,
        "summary": "sequence_id (its order) predicts the label alone",
        "suspects": ["sequence_id"],
        "columns": {},
        "sequence_id": {"solo_balanced_accuracy": 0.99, "decisive": True},
    }
    out = decide(**case(**{"audit.findings.identifier_leak": ids}))
    assert out["verdict"] == "leak_suspected"
    assert any("feature 'sequence_id' alone scores 0.990" in line for line in out["evidence"])


def test_an_unflagged_leak_check_changes_nothing():
    assert (
        decide(**case(**{"audit.findings.leaky_column": leaky(flag=False)}))["verdict"] == "learns"
    )


def test_a_model_no_better_than_length_alone_learned_the_length():
    out = decide(**case(**{"audit.findings.length_shortcut": length(0.79)}))  # model 0.80
    assert out["verdict"] == "learns"
    line = out["evidence"][1]
    assert line.startswith("the model learned the length: its test balanced accuracy 0.800 is no")
    assert "than length alone (0.790" in line and line in out["warnings"]


def test_a_model_clearly_better_than_length_did_not_only_learn_the_length():
    for changes in (
        {"audit.findings.length_shortcut": length(0.7)},  # 0.80 > 0.70 + 0.02
        {"audit.findings.length_shortcut": length(0.79, flag=False)},
        {
            "audit.findings.length_shortcut": length(0.79),
            "options": DiagnoseOptions(shortcut_margin=0.0),
            "intervals.scorers.model": scorer(0.8, 0.7, 0.9),
        },
    ):
        out = decide(**case(**changes))
        assert not any("learned the length" in e for e in out["evidence"])

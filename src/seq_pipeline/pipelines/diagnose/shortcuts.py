"""Evidence from the audit's shortcut findings: a leak the verdict names, a length the model may
have learned. Pure functions of the findings, the model's test score and the options.
"""

from __future__ import annotations

from typing import Any

from seq_pipeline.core.findings import Finding

SHORTCUTS = (Finding.LEAKY_COLUMN, Finding.IDENTIFIER_LEAK, Finding.LENGTH_SHORTCUT)


def shortcut_leak_evidence(found: dict[str, Any], model: dict[str, Any]) -> list[str]:
    """Lines naming a feature that predicts the label alone, against the model's score; [] if none.

    A leaky column or a feature that ramps with row order reaches the model; `sequence_id`
    does not, but when it alone predicts the label nearly perfectly while no feature carries
    much, the model's own score cannot be told from the export's order either.
    """
    lines = []
    for name in (Finding.LEAKY_COLUMN, Finding.IDENTIFIER_LEAK):
        check = found.get(name, {})
        if not check.get("suspects"):
            continue
        lines.append(check["summary"])
        for column in check["suspects"]:
            scored = check["columns"].get(column) or check["sequence_id"]
            solo = scored["solo_balanced_accuracy"]
            lines.append(_against_model(column, solo, model))
    return lines


def _against_model(name: str, solo: float, model: dict[str, Any]) -> str:
    return (
        f"feature {name!r} alone scores {solo:.3f} against the model's test balanced accuracy "
        f"{model['balanced_accuracy']:.3f}: the model's score may be that column, not the sequences"
    )


def learned_the_length(found: dict[str, Any], model: dict[str, Any], margin: float) -> list[str]:
    """A line when length alone predicts the label and the model does no better; [] otherwise."""
    length = found.get(Finding.LENGTH_SHORTCUT, {})
    if not length.get("flag"):
        return []
    solo = length["solo_balanced_accuracy"]
    if model["balanced_accuracy"] > solo + margin:
        return []
    return [
        f"the model learned the length: its test balanced accuracy "
        f"{model['balanced_accuracy']:.3f} is no better than {length['summary_used']} alone "
        f"({solo:.3f}, cross-validated on training sequences); trim or pad every sequence the "
        "same way and retrain, or confirm that length is the signal"
    ]


def shortcut_details(found: dict[str, Any]) -> dict[str, Any]:
    """The shortcut findings in full, for the report's "too good to be true?" section."""
    return {name.value: found[name] for name in SHORTCUTS if name in found}

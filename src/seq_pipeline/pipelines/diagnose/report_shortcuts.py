"""The report's "Could this be too good to be true?" section: every shortcut check's solo score
against the model's, and what to do when one flags."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from seq_pipeline.core.findings import Finding

ADVICE = {
    "leak": "drop the column unless it is known when the prediction is made",
    "ramp": "drop the counter from the features; group or split by the identifier",
    "id": "group or split by the identifier (or by time); derive no feature from it",
    "length": "trim or pad every sequence the same way, or confirm length is the signal",
}


def _row(check: str, what: str, solo: float, p: float | None, flag: bool, advice: str) -> dict:
    return {
        "check": check,
        "what it is": what,
        "solo balanced accuracy": solo,
        "permutation p": p,
        "flag": "⚠" if flag else "ok",
        "what to do": advice if flag else "",
    }


def shortcut_rows(shortcuts: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per feature, the sequence id and the length, with solo score and advice."""
    rows = []
    leaky = shortcuts.get(Finding.LEAKY_COLUMN, {})
    ids = shortcuts.get(Finding.IDENTIFIER_LEAK, {})
    suspects = set(leaky.get("suspects", [])) | set(ids.get("suspects", []))
    for name, column in leaky.get("columns", {}).items():
        kind = column["kind"] or "varies within sequences (a legitimate signal can be strong)"
        ramp = column["kind"] == "ramps with row order"
        rows.append(
            _row(
                f"feature {name}",
                f"{kind}; scored by its per-sequence {column['best_summary']}",
                column["solo_balanced_accuracy"],
                column.get("p_value"),
                name in suspects,
                ADVICE["ramp" if ramp else "leak"],
            )
        )
    if "sequence_id" in ids:
        seq = ids["sequence_id"]
        rows.append(
            _row(
                "sequence_id",
                f"its {seq['as']} (the model does not see it)",
                seq["solo_balanced_accuracy"],
                seq["p_value"],
                seq["leak"],
                ADVICE["id"],
            )
        )
    length = shortcuts.get(Finding.LENGTH_SHORTCUT, {})
    if length.get("tested"):
        rows.append(
            _row(
                "length / padding",
                f"best of {', '.join(length['per_summary'])}: {length['summary_used']}",
                length["solo_balanced_accuracy"],
                length["p_value"],
                length["flag"],
                ADVICE["length"],
            )
        )
    return rows


def shortcut_section(diagnosis: dict[str, Any]) -> str:
    """HTML of the shortcut checks; empty when the audit ran none (an older data audit)."""
    shortcuts = diagnosis.get("shortcuts") or {}
    if not shortcuts:
        return ""
    model = diagnosis["comparison"]["model"]["balanced_accuracy"]
    leaky = shortcuts.get(Finding.LEAKY_COLUMN, {})
    length = shortcuts.get(Finding.LENGTH_SHORTCUT, {})
    notes = [f"⚠ {f['summary']}" for f in shortcuts.values() if f.get("flag")]
    if not length.get("tested", True):
        notes.append(f"Length not checked: {length['summary']}.")
    table = pd.DataFrame(shortcut_rows(shortcuts)).round(3)
    return (
        "<h2>Could this be too good to be true?</h2>"
        f"<p>How well one number per sequence predicts the label <i>alone</i>: the "
        f"cross-validated balanced accuracy of a one-number classifier on "
        f"{leaky.get('rows', '?')} training sequences (never val or test), with a permutation "
        f"p-value ({leaky.get('n_permutations', '?')} label shuffles) for the suspects, against "
        f"the model's test balanced accuracy <b>{model:.3f}</b>. A feature constant within each "
        "sequence, or ramping with row order, that scores near 1 alone is a leak; one that varies "
        "within sequences may simply be the signal.</p>"
        + "".join(f"<p>{html.escape(n)}</p>" for n in notes)
        + table.to_html(index=False, border=0, na_rep="—", escape=True)
    )

"""The diagnosis as figures, a comparison table, a self-contained HTML page and log lines."""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from seq_pipeline.pipelines.diagnose.report_shortcuts import shortcut_section
from seq_pipeline.pipelines.diagnose.verdict_rules import RULES

COLUMNS = ("accuracy", "balanced_accuracy", "roc_auc", "pr_auc", "f1")


def comparison_table(diagnosis: dict[str, Any]) -> pd.DataFrame:
    """Test-split metrics of the model and every baseline, balanced-accuracy CI included."""
    rows = []
    for name, scores in diagnosis["comparison"].items():
        low, high = scores["balanced_accuracy_ci"]
        rows.append(
            {
                "scorer": name,
                **{c: scores.get(c) for c in COLUMNS},
                "ba_ci_low": low,
                "ba_ci_high": high,
            }
        )
    return pd.DataFrame(rows).set_index("scorer")


def summary_lines(diagnosis: dict[str, Any], n_evidence: int = 3) -> list[str]:
    """A short plain-text summary: verdict, model vs baselines, top evidence and causes."""
    lines = [f"Diagnosis verdict: {diagnosis['verdict'].upper()} — {diagnosis['meaning']}"]
    table = comparison_table(diagnosis)
    lines.append(f"  {'scorer':<14} {'accuracy':>9} {'bal.acc':>8}  {'interval':<16} roc_auc")
    for name, row in table.iterrows():
        auc = "—" if pd.isna(row["roc_auc"]) else f"{row['roc_auc']:.3f}"
        lines.append(
            f"  {name:<14} {row['accuracy']:>9.3f} {row['balanced_accuracy']:>8.3f}  "
            f"[{row['ba_ci_low']:.3f}, {row['ba_ci_high']:.3f}]  {auc}"
        )
    lines += [f"  evidence: {e}" for e in diagnosis["evidence"][:n_evidence]]
    size = diagnosis.get("sample_size", {})
    if size.get("too_small"):
        lines.append(f"  needed: about {size['n_needed']} test sequences (now {size['n_test']})")
    lines += [f"  likely cause: {c}" for c in diagnosis["likely_causes"][:n_evidence]]
    return lines


def plot_model_vs_baselines(diagnosis: dict[str, Any]) -> Figure:
    """Test balanced accuracy with bootstrap intervals, against chance and the permutation null."""
    table = comparison_table(diagnosis)
    fig = Figure(figsize=(6, 0.5 * len(table) + 1.6))
    ax = fig.subplots()
    y = np.arange(len(table))
    value = table["balanced_accuracy"].to_numpy(float)
    error = np.vstack([value - table["ba_ci_low"], table["ba_ci_high"] - value])
    colours = ["tab:blue" if n == "model" else "tab:grey" for n in table.index]
    ax.barh(y, value, xerr=np.clip(error, 0, None), color=colours, capsize=4)
    ax.axvline(0.5, color="black", linestyle="--", label="chance (0.5)")
    null95 = diagnosis["chance"]["null_95th_percentile"]
    ax.axvline(null95, color="tab:red", linestyle=":", label=f"permutation null 95% ({null95:.3f})")
    ax.set(
        yticks=y,
        yticklabels=table.index,
        xlim=(0, 1),
        xlabel="test balanced accuracy",
        title=f"Model vs baselines — verdict: {diagnosis['verdict']}",
    )
    ax.invert_yaxis()
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2, fontsize="small")
    fig.tight_layout()
    return fig


def plot_permutation_null(diagnosis: dict[str, Any]) -> Figure:
    """Null distribution of the ridge baseline's score under shuffled labels, observed marked."""
    chance = diagnosis["chance"]
    fig = Figure(figsize=(5, 3.2))
    ax = fig.subplots()
    ax.hist(chance["null"], bins=20, color="tab:grey", label="shuffled labels")
    ax.axvline(
        chance["observed_balanced_accuracy"],
        color="tab:red",
        label=f"observed (p = {chance['p_value']:.3f})",
    )
    ax.set(xlabel="test balanced accuracy", ylabel="count", title="Label-permutation null")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def plot_probability_spread(predictions: pd.DataFrame) -> Figure:
    """Histogram of the model's test probabilities per true class: a spike means collapse."""
    test = predictions[predictions["split"] == "test"]
    fig = Figure(figsize=(5, 3.2))
    ax = fig.subplots()
    for label, rows in test.groupby("y_true"):
        ax.hist(rows["probability"], bins=np.linspace(0, 1, 41), alpha=0.6, label=f"y = {label}")
    ax.set(xlabel="predicted probability", ylabel="sequences", title="Model probabilities (test)")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def figure_to_base64(fig: Figure) -> str:
    """PNG bytes of a figure, base64-encoded for an `<img src="data:...">`."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _list(items: list[str]) -> str:
    if not items:
        return "<p>none</p>"
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def _notes(diagnosis: dict[str, Any]) -> str:
    """Findings that do not apply to this run (say, scale differences with scaling on)."""
    notes = diagnosis.get("notes") or []
    return f"<h2>Notes</h2>{_list(notes)}" if notes else ""


def data_check_sections(diagnosis: dict[str, Any]) -> str:
    """HTML for the near-copy check, the train-vs-test shift and the test sample size."""
    parts = []
    copies = diagnosis.get("near_copies") or {}
    if "yardstick" in copies:
        rows = [
            {
                "split": name,
                "checked": copies[name]["checked"],
                "near-copies": copies[name]["count"],
                "share": copies[name]["share"],
                "median distance / yardstick": copies[name]["median_relative_distance"],
                "examples (held-out ≈ train)": ", ".join(
                    f"{e['id']}≈{e['train_id']}" for e in copies[name]["examples"]
                ),
            }
            for name in ("train", "val", "test")
        ]
        parts.append(
            "<h2>Near-copies across splits</h2>"
            f"<p>{html.escape(copies['summary'])}</p><p>Yardstick: median distance of a "
            f"training sequence to its {copies['rank']}th nearest training neighbour "
            f"({copies['yardstick']:.3g}); near-copy below {copies['ratio']:g}× it.</p>"
            + pd.DataFrame(rows).round(3).to_html(index=False, border=0, na_rep="—")
        )
    shift = diagnosis.get("shift") or {}
    if shift:
        body = f"<p>{html.escape(shift['summary'])}</p>"
        if shift.get("moved_features"):
            moved = pd.DataFrame(shift["moved_features"]).T
            moved["stats"] = moved["stats"].map(", ".join)
            moved[["offset", "scale"]] = moved[["offset", "scale"]].astype(float)
            body += moved.round(3).to_html(border=0, na_rep="—")
        parts.append("<h2>Train vs test shift</h2>" + body)
    size = diagnosis.get("sample_size") or {}
    if size:
        table = pd.Series(
            {k: f"{size[k]:.4g}" for k in ("n_test", "interval_width", "effect", "alpha")}
            | {f"{k} (test)": v for k, v in size["per_class"].items()}
            | {"n_needed": size["n_needed"]}
        )
        parts.append(
            "<h2>Test sample size</h2>"
            f"<p>{'Too small to decide' if size['too_small'] else 'Large enough to decide'}; "
            f"sequences needed: {html.escape(size['formula'])}.</p>"
            + table.to_frame("value").to_html(border=0)
        )
    return "".join(parts)


def rules_section(verdict: str) -> str:
    """HTML for the verdict rules in the order they apply, the one that fired marked."""
    items = []
    for rule in RULES:
        fired = rule.verdict == verdict
        items.append(
            f"<li{' class=fired' if fired else ''}><b>{rule.verdict}</b>"
            f"{' ← this run' if fired else ''}: {html.escape(rule.meaning)} "
            f"<i>Why here: {html.escape(rule.precedence)}</i></li>"
        )
    return (
        "<h2>How the verdict is reached</h2><p>The rules apply in this order; the first that "
        f'fires is the verdict.</p><ol id="rules">{"".join(items)}</ol>'
    )


def model_section(training_history: dict[str, Any]) -> str:
    """HTML for the trained architecture and, with `auto`, every candidate's validation score."""
    card = training_history.get("model_card", {}).get("training", {})
    body = (
        f'<p>Architecture: <b id="architecture">'
        f"{html.escape(str(training_history.get('architecture', '?')))}</b>; "
        f"{training_history.get('epochs_run', '?')} epochs"
        + (f", stopped by {html.escape(str(card['stopped_by']))}" if "stopped_by" in card else "")
        + ".</p>"
    )
    selection = training_history.get("selection")
    if selection:
        rows = [
            {
                "candidate": name + (" (chosen)" if name == selection["chosen"] else ""),
                "balanced accuracy": result.get("balanced_accuracy"),
                "accuracy": result.get("accuracy"),
                "log loss": result.get("log_loss"),
                "per fold": ", ".join(f"{v:.3f}" for v in result.get("fold_balanced_accuracy", [])),
                "seconds": result.get("seconds"),
                "note": result.get("skipped", ""),
            }
            for name, result in selection["candidates"].items()
        ]
        how = (
            f"{selection['n_folds']}-fold cross-validation on train + validation"
            if selection.get("method") == "cross_validation"
            else "the validation split"
        )
        body += (
            f"<p><code>architecture: auto</code> chose <b>{html.escape(selection['chosen'])}</b>"
            f" by balanced accuracy on {how} (never the test split); budget "
            f"{selection.get('budget_s', 0):.0f} s, used {selection.get('elapsed_s', 0):.0f} s."
            "</p>" + pd.DataFrame(rows).round(4).to_html(index=False, border=0, na_rep="—")
        )
    return "<h2>Model</h2>" + body


def render_html(
    diagnosis: dict[str, Any],
    figures: dict[str, Figure],
    model_html: str = "",
    provenance_html: str = "",
) -> str:
    """A self-contained HTML page: verdict, evidence, tables and embedded figures."""
    table = comparison_table(diagnosis).round(4).to_html(na_rep="—", border=0)
    audit = pd.DataFrame(
        [
            {"check": n, "flag": "⚠" if f["flag"] else "ok", "finding": f["summary"]}
            for n, f in diagnosis["data_audit"].items()
        ]
    ).to_html(index=False, border=0)
    health = pd.Series(diagnosis["training_health"]).to_frame("value").to_html(border=0)
    images = "".join(
        f'<figure><img alt="{html.escape(k)}" src="data:image/png;base64,'
        f'{figure_to_base64(f)}"><figcaption>{html.escape(k)}</figcaption></figure>'
        for k, f in figures.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>seq_pipeline diagnosis</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}
table{{border-collapse:collapse}}td,th{{padding:.2em .6em;border-bottom:1px solid #ddd}}
.verdict{{font-size:1.4em;padding:.5em;background:#eef}}figure{{display:inline-block}}
.fired{{background:#eef}}</style>
</head><body>
<h1>Why is the model where it is?</h1>
<p class="verdict" id="verdict">Verdict: <b>{html.escape(diagnosis["verdict"])}</b> —
{html.escape(diagnosis["meaning"])}</p>
{provenance_html}
<h2>Evidence</h2>{_list(diagnosis["evidence"])}
<h2>Likely causes</h2>{_list(diagnosis["likely_causes"])}
<h2>Warnings</h2>{_list(diagnosis["warnings"])}
{_notes(diagnosis)}
{model_html}
<h2>Model vs baselines (test split)</h2>{table}
{shortcut_section(diagnosis)}
<h2>Data checks</h2>{audit}
{data_check_sections(diagnosis)}
<h2>Training health</h2>{health}
{rules_section(diagnosis["verdict"])}
<h2>Figures</h2>{images}
</body></html>
"""

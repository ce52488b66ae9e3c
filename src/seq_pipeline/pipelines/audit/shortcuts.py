"""Could a good score be a shortcut? Leaky columns, identifiers and lengths that predict alone.

Three findings, each from the solo scores of `core.shortcuts` on a bounded sample of training
rows (never val or test), in row order:
- `leaky_column`: a feature constant within each sequence (a code or status filled in after
  the outcome) that predicts the label nearly perfectly alone while no other feature carries
  much. A feature that varies within sequences is never a suspect, however strong: a motif
  in one channel is what a model should learn.
- `identifier_leak`: `sequence_id` (its number, else its order), and any feature that ramps
  with row order (a row counter, record number, export timestamp), predicting the label alone.
  An export written class by class gives them the label. Only a ramping *feature* reaches the
  model; an id that predicts the label is a warning that anything derived from it will.
- `length_shortcut`: sequence length, first real step or trailing padding predicting the
  label: the model can read the class from the mask alone.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from seq_pipeline.core import shortcuts as solo
from seq_pipeline.core.findings import Finding
from seq_pipeline.pipelines.audit.checks import finding
from seq_pipeline.pipelines.audit.leakage import sample_rows
from seq_pipeline.pipelines.audit.options import AuditOptions

STATIC = "constant within each sequence"
RAMP = "ramps with row order"


def shortcut_findings(
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    options: AuditOptions,
    seed: int,
) -> dict[Finding, dict[str, Any]]:
    """The three shortcut findings on at most `shortcut_max_rows` training sequences."""
    o = options
    # Sorted: a ramp with row order is read in row order, whatever order the split lists.
    rows = np.sort(sample_rows(split["train"], o.shortcut_max_rows, np.random.default_rng(seed)))
    x, mask, y = sequences["X"][rows], sequences["mask"][rows], sequences["y"][rows]

    def scores(values: np.ndarray, permutations: int) -> tuple[np.ndarray, np.ndarray]:
        return solo.solo_scores(
            values,
            y,
            n_permutations=permutations,
            folds=o.shortcut_folds,
            bins=o.shortcut_bins,
            seed=seed,
        )

    names = [str(n) for n in sequences["feature_names"]]
    columns = _columns(names, x, mask, scores, o)
    ids = _identifier(sequences["ids"][rows], scores, o, columns)
    context = {"rows": len(rows), "n_permutations": o.shortcut_permutations}
    return {
        Finding.LEAKY_COLUMN: _leaky_column(columns, context),
        Finding.IDENTIFIER_LEAK: _identifier_leak(columns, ids, context),
        Finding.LENGTH_SHORTCUT: _length(mask, scores, o, context),
    }


def _columns(names: list[str], x, mask, scores, options: AuditOptions) -> dict[str, dict]:
    """Each feature's kind (static, ramp or neither), solo score and, for suspects, p-value."""
    summaries = solo.sequence_summaries(x, mask)
    best, best_by = _best_summary(summaries, scores)
    share = solo.within_sequence_share(x, mask, summaries["mean"])
    rho = solo.row_order_correlation(summaries["mean"])
    columns = {
        name: {
            "solo_balanced_accuracy": round(float(best[j]), 4),
            "best_summary": best_by[j],
            "within_sequence_variance_share": round(float(share[j]), 4),
            "row_order_correlation": round(float(rho[j]), 4),
            "kind": _kind(rho[j], share[j], options),
        }
        for j, name in enumerate(names)
    }
    suspects = [j for j, name in enumerate(names) if columns[name]["kind"]]
    observed, null = scores(summaries["mean"][:, suspects], options.shortcut_permutations)
    for slot, j in enumerate(suspects):
        columns[names[j]] |= {
            "solo_balanced_accuracy": round(float(observed[slot]), 4),
            "best_summary": "mean",
            "p_value": solo.p_value(observed[slot], null[:, slot]),
        }
    for name, column in columns.items():
        others = [columns[n]["solo_balanced_accuracy"] for n in names if n != name]
        column["others_best"] = max(others, default=0.5)
        column["leak"] = bool(column["kind"]) and _leaks(column, options)
    return columns


def _kind(rho: float, within_share: float, options: AuditOptions) -> str | None:
    """A suspect's kind: ramps with row order, constant within each sequence, or neither."""
    if abs(rho) >= options.ramp_min_correlation:
        return RAMP
    return STATIC if within_share <= options.static_within_share else None


def _best_summary(summaries: dict[str, np.ndarray], scores) -> tuple[np.ndarray, list[str]]:
    """Each feature's best solo score over its summaries (no null: reported, never flagged)."""
    per_feature = np.vstack([scores(v, 0)[0] for v in summaries.values()]).T  # (F, S)
    names = list(summaries)
    return per_feature.max(axis=1), [names[i] for i in per_feature.argmax(axis=1)]


def _leaks(column: dict[str, Any], options: AuditOptions) -> bool:
    """Nearly perfect alone, significant, and every other feature carries little."""
    return (
        column["solo_balanced_accuracy"] >= options.leak_solo_min
        and column.get("p_value", 1.0) <= options.shortcut_significance
        and column["others_best"] <= options.leak_others_max
    )


def _identifier(ids: np.ndarray, scores, options: AuditOptions, columns: dict) -> dict[str, Any]:
    """`sequence_id` scored alone. Predictive, it is always a warning (the export is ordered
    by class); `decisive` when, like a leaky column, it predicts the label nearly perfectly
    while no feature carries much: then a score of the model is suspect too."""
    values, how = solo.identifier_values(ids)
    observed, null = scores(values[:, None], options.shortcut_permutations)
    result = {
        "as": how,
        "solo_balanced_accuracy": round(float(observed[0]), 4),
        "p_value": solo.p_value(observed[0], null[:, 0]),
    }
    result["leak"] = bool(
        result["solo_balanced_accuracy"] >= options.leak_solo_min
        and result["p_value"] <= options.shortcut_significance
    )
    others = max((c["solo_balanced_accuracy"] for c in columns.values()), default=0.5)
    result["others_best"] = round(float(others), 4)
    result["decisive"] = result["leak"] and others <= options.leak_others_max
    return result


def _leaky_column(columns: dict, context: dict) -> dict[str, Any]:
    leaks = [n for n, c in columns.items() if c["leak"] and c["kind"] == STATIC]
    if leaks:
        summary = "; ".join(_suspect_line(n, columns[n], context) for n in leaks)
        summary += (
            ": a field filled in after the outcome (a code, a status)? Drop it unless it is "
            "known when the prediction is made"
        )
    else:
        static = [n for n, c in columns.items() if c["kind"] == STATIC]
        best = max(columns, key=lambda n: columns[n]["solo_balanced_accuracy"], default=None)
        summary = "no column constant within sequences predicts the label alone" + (
            f" (checked: {', '.join(static)})" if static else " (none is constant within them)"
        )
        if best is not None:
            c = columns[best]
            summary += (
                f"; strongest single feature {best} at {c['solo_balanced_accuracy']:.2f} by its "
                f"{c['best_summary']}"
            )
    return finding(bool(leaks), summary, columns=columns, suspects=leaks, **context)


def _identifier_leak(columns: dict, ids: dict, context: dict) -> dict[str, Any]:
    ramps = [n for n, c in columns.items() if c["leak"] and c["kind"] == RAMP]
    lines = [_suspect_line(n, columns[n], context) for n in ramps]
    if ids["leak"]:
        lines.append(
            f"sequence_id (its {ids['as']}) predicts the label alone at balanced accuracy "
            f"{ids['solo_balanced_accuracy']:.2f} (p = {ids['p_value']:.3f}): the export is "
            "ordered by class; the model does not see the id, but any column derived from it "
            "or from row order does, and a later batch of another class will not follow it"
        )
    summary = "; ".join(lines) or (
        f"sequence_id (its {ids['as']}) does not predict the label alone "
        f"({ids['solo_balanced_accuracy']:.2f}); no feature that ramps with row order does"
    )
    if ramps:
        summary += ": group or split by the identifier, and drop counters from the features"
    ramping = {n: c for n, c in columns.items() if c["kind"] == RAMP}
    suspects = [*ramps, *(["sequence_id"] if ids["decisive"] else [])]
    return finding(
        bool(lines), summary, sequence_id=ids, columns=ramping, suspects=suspects, **context
    )


def _suspect_line(name: str, column: dict, context: dict) -> str:
    how = (
        f"ramps with row order (Spearman {column['row_order_correlation']:+.2f}) like a row "
        "counter, record number or export timestamp,"
        if column["kind"] == RAMP
        else "is constant within each sequence and"
    )
    return (
        f"feature {name!r} {how} predicts the label alone at balanced accuracy "
        f"{column['solo_balanced_accuracy']:.2f} (cross-validated on {context['rows']} training "
        f"sequences, permutation p = {column['p_value']:.3f}) while no other feature exceeds "
        f"{column['others_best']:.2f}"
    )


def _length(mask: np.ndarray, scores, options: AuditOptions, context: dict) -> dict[str, Any]:
    """Length, first real step or trailing padding predicting the label alone."""
    summaries = solo.length_summaries(mask)
    varying = {k: v for k, v in summaries.items() if np.ptp(v) > 0}
    if not varying:
        return finding(
            False, "every sequence has the same length and padding", tested=False, **context
        )
    observed, null = scores(np.column_stack(list(varying.values())), options.shortcut_permutations)
    # The best of several summaries, against the best of their nulls (same shuffles).
    top = int(observed.argmax())
    value = float(observed[top])
    p = solo.p_value(value, null.max(axis=1))
    flag = value >= options.length_solo_min and p <= options.shortcut_significance
    name = list(varying)[top]
    summary = (
        f"{name} predicts the label alone at balanced accuracy {value:.2f} (p = {p:.3f}): "
        "the classes differ in length or padding, so a model can read the class from the mask; "
        "trim or pad every sequence the same way, or check that the length is a real signal"
        if flag
        else f"sequence length and padding do not predict the label (best: {name} {value:.2f})"
    )
    return finding(
        flag,
        summary,
        tested=True,
        solo_balanced_accuracy=round(value, 4),
        p_value=p,
        summary_used=name,
        per_summary={k: round(float(s), 4) for k, s in zip(varying, observed, strict=True)},
        **context,
    )

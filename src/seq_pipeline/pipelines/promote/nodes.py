"""Promote: the new run's model replaces the champion only when it learns and is not worse.

Both models score the same held-out sequences (this run's test split): the new one's
probabilities come from `evaluate`, the champion's from its own model fed through its own
contract. The comparison is balanced accuracy with a paired bootstrap interval.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from seq_pipeline.core.columns import ID, LABEL
from seq_pipeline.core.intervals import bootstrap_intervals
from seq_pipeline.core.scoring import EvaluateOptions
from seq_pipeline.core.serving import contract_tensors
from seq_pipeline.pipelines.promote.options import PromoteOptions

logger = logging.getLogger(__name__)

LEARNS = "learns"
HELD_OUT = "test"
CHALLENGER, CHAMPION = "challenger", "champion"


def held_out(predictions: pd.DataFrame) -> pd.DataFrame:
    """The rows both models are scored on: this run's test split."""
    return predictions[predictions["split"] == HELD_OUT].reset_index(drop=True)


def score_champion(
    champion: dict[str, Any] | None, table: pd.DataFrame, predictions: pd.DataFrame
) -> pd.DataFrame:
    """The champion's probability for each held-out sequence of this run (none: no champion)."""
    columns = {ID: pd.Series(dtype=str), "probability": pd.Series(dtype=float)}
    if champion is None:
        return pd.DataFrame(columns)
    from seq_pipeline.training.predict import predict_probability  # noqa: PLC0415

    ids = held_out(predictions)[ID].astype(str)
    rows = table[table[ID].astype(str).isin(ids)].drop(columns=[LABEL], errors="ignore")
    rows.attrs["source"] = f"this run's test split, through run {champion['run_id']}'s contract"
    spec = {"sequence_id": ID, "timestep": "timestep", "label": None}
    tensors, _ = contract_tensors(rows, spec, champion["contract"])
    probability = predict_probability(champion["model"], tensors)
    return pd.DataFrame({ID: tensors["ids"], "probability": probability})


def decide_promotion(
    predictions: pd.DataFrame,
    champion_predictions: pd.DataFrame,
    champion: dict[str, Any] | None,
    diagnosis: dict[str, Any],
    evaluate_options: EvaluateOptions,
    options: PromoteOptions,
    run_id: str,
    seed: int,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`promotion.json` (decision, evidence, both scores) and the champion pointer record."""
    options = PromoteOptions.model_validate(options)
    threshold = EvaluateOptions.model_validate(evaluate_options).threshold
    test = held_out(predictions)
    probabilities = {CHALLENGER: test["probability"].to_numpy(float)}
    current = None if champion is None else champion["run_id"]
    if current is not None and current != run_id:
        theirs = champion_predictions.set_index(ID)["probability"]
        probabilities[CHAMPION] = theirs.loc[test[ID].astype(str)].to_numpy(float)
    scores = bootstrap_intervals(
        y_true=test["y_true"].to_numpy(),
        predictions=probabilities,
        threshold=threshold,
        n_boot=options.n_bootstrap,
        level=options.level,
        reference=CHAMPION,
        seed=seed,
    )
    promoted, evidence = _decide(
        diagnosis["verdict"], scores, current, run_id, options.margin, len(test)
    )
    record = {
        "decision": "promoted" if promoted else "not_promoted",
        "run_id": run_id,
        "verdict": diagnosis["verdict"],
        "champion_before": current,
        "champion_after": run_id if promoted else current,
        "evidence": evidence,
        "margin": options.margin,
        "n_held_out": len(test),
        "threshold": threshold,
        "scores": scores,
    }
    logger.info("Promotion of run %s: %s — %s", run_id, record["decision"], evidence)
    pointer = {"run_id": run_id, "promoted": promoted, "champion_before": current}
    return record, {**pointer, "verdict": diagnosis["verdict"], "scores": scores[CHALLENGER]}


def _decide(
    verdict: str, scores: dict[str, Any], current: str | None, run_id: str, margin: float, n: int
) -> tuple[bool, str]:
    """Whether the challenger replaces the champion, and why, in one sentence."""
    mine = scores[CHALLENGER]["balanced_accuracy"]
    if verdict != LEARNS:
        return False, f"the diagnosis says `{verdict}`, not `{LEARNS}`: never promoted"
    if current is None:
        return True, f"first model that learns (balanced accuracy {mine:.3f}): now the champion"
    if current == run_id:
        return False, "this run is already the champion"
    theirs = scores[CHAMPION]["balanced_accuracy"]
    gap, (low, high) = mine - theirs, scores[CHALLENGER][f"gap_to_{CHAMPION}_ci"]
    comparison = (
        f"balanced accuracy {mine:.3f} vs the champion's {theirs:.3f} (run {current}) on the "
        f"same {n} held-out sequences: gap {gap:+.3f}, interval "
        f"[{low:+.3f}, {high:+.3f}], margin {margin}"
    )
    if np.isfinite(gap) and gap >= -margin:
        return True, f"not worse than the champion beyond the margin: {comparison}"
    return False, f"worse than the champion beyond the margin: {comparison}"

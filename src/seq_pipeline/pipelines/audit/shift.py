"""Shift between train and test: do the two splits come from the same distribution?

Only a split the user gave can shift: a test split carved at random from the same pool is
exchangeable with train by construction, so any "shift" found there would be a false alarm.
The check therefore runs only when the test sequences were given (a `split` column, separate
files, an official benchmark split) and says so otherwise. The test itself
(`core.shift.two_sample_shift`: KS tests per summary, Holm-corrected, and a domain classifier
against a permutation null) runs on the training-scaled values of capped samples.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from seq_pipeline.core.preprocessing import fit_scaling_stats, standardize
from seq_pipeline.core.shift import N_FOLDS, holm, sample_rows, two_sample_shift
from seq_pipeline.pipelines.audit.checks import finding

__all__ = ["distribution_shift", "holm", "user_gave_test"]


def user_gave_test(sequences: dict[str, np.ndarray]) -> bool:
    """Whether the user's split column put sequences in `test` (else test was carved)."""
    given = sequences.get("split")
    return given is not None and bool(np.any(np.asarray(given) == "test"))


def distribution_shift(
    *,
    sequences: dict[str, np.ndarray],
    split: dict[str, np.ndarray],
    significance: float,
    auc_min: float,
    n_permutations: int,
    max_rows: int,
    seed: int,
) -> dict[str, Any]:
    """KS tests per summary (Holm) and a domain classifier vs a permutation null, train vs test."""
    if not user_gave_test(sequences):
        return finding(
            False,
            "test split carved at random from the same pool: train and test are exchangeable "
            "by construction, shift not tested",
            tested=False,
        )
    rng = np.random.default_rng(seed)
    train = sample_rows(split["train"], max_rows, rng)
    test = sample_rows(split["test"], max_rows, rng)
    if min(len(train), len(test)) < N_FOLDS:
        return finding(False, "too few train or test sequences to test for shift", tested=False)
    x, mask = sequences["X"], sequences["mask"]
    stats = fit_scaling_stats(sequences, train)
    z_train = standardize(x[train], mask[train], stats["mean"], stats["std"])
    z_test = standardize(x[test], mask[test], stats["mean"], stats["std"])
    names = sequences["feature_names"].tolist()
    shift = two_sample_shift(
        z_train,
        z_test,
        names,
        significance=significance,
        auc_min=auc_min,
        n_permutations=n_permutations,
        rng=rng,
    )
    flag, moved, domain = shift["flag"], shift["moved_features"], shift["domain_classifier"]
    return finding(
        flag,
        _summary(flag, moved, domain, len(train), len(test)),
        tested=True,
        n_train=len(train),
        n_test=len(test),
        moved_features=moved,
        domain_classifier=domain,
        ks_holm_p=shift["ks_holm_p"],
    )


def _summary(flag: bool, moved: dict, domain: dict, n_train: int, n_test: int) -> str:
    auc = (
        f"a train-vs-test classifier reaches ROC AUC {domain['roc_auc']:.2f} "
        f"(permutation null 95th percentile {domain['null_95th_percentile']:.2f}, "
        f"p = {domain['p_value']:.3f}; {n_train} train vs {n_test} test sequences)"
    )
    if flag:
        features = "; ".join(f"{n}: {m['how']}" for n, m in moved.items())
        return f"test distribution differs from train — {features}; {auc}"
    return f"no shift that matters between train and test: {auc}"

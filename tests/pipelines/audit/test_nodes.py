"""The audit node: every finding it writes is named by the `Finding` enum, in its order."""

from __future__ import annotations

import json

import numpy as np

from seq_pipeline.core.demo import make_event_sequences
from seq_pipeline.core.findings import Finding
from seq_pipeline.pipelines.audit.nodes import audit_data
from seq_pipeline.pipelines.audit.options import AuditOptions


def event_data(n: int = 300, seed: int = 3) -> tuple[dict, dict]:
    x, y = make_event_sequences(n_sequences=n, n_steps=12, seed=seed)
    sequences = {
        "X": x.astype(np.float32),
        "mask": np.ones(x.shape[:2], dtype=bool),
        "y": y,
        "ids": np.array([f"s{i:04d}" for i in range(n)]),
        "feature_names": np.array(["pressure", "flow"]),
    }
    order = np.random.default_rng(seed).permutation(n)
    split = dict(zip(("train", "val", "test"), np.split(order, [n // 2, 3 * n // 4]), strict=True))
    return sequences, split


def test_audit_names_every_finding_by_the_enum_with_plain_string_keys():
    audit = audit_data(*event_data(), AuditOptions())
    assert list(audit["findings"]) == [f.value for f in Finding]
    assert all(type(name) is str for name in audit["findings"])
    assert json.loads(json.dumps(audit))["findings"].keys() == audit["findings"].keys()

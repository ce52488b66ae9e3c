"""Labels are compared without leading/trailing whitespace, with a warning naming what changed."""

from __future__ import annotations

import logging

import numpy as np

from seq_pipeline.core.labels import label_key
from tests.pipelines.ingest.factory import ragged_table
from tests.pipelines.ingest.runs import accepted


def warnings_of(caplog) -> str:
    return " ".join(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_a_trailing_space_keeps_the_conventional_positive_class(tmp_path, caplog):
    path = tmp_path / "raw.csv"
    ragged_table(20, labels=("normal", "abnormal ")).to_csv(path, index=False)
    with caplog.at_level(logging.WARNING):
        outputs = accepted(tmp_path, path)
    mapping = outputs["label_mapping"]
    assert mapping["positive"] == "abnormal"  # as with clean labels, not `normal`
    assert mapping["mapping"] == {"normal": 0, "abnormal": 1}
    assert "raw.csv: column 'label': label(s) ['abnormal '] have leading or trailing" in (
        warnings_of(caplog)
    )
    assert "merged" not in warnings_of(caplog)


def test_labels_differing_only_by_whitespace_are_merged_with_a_warning(tmp_path, caplog):
    table = ragged_table(20, labels=("normal", "abnormal"))
    first_abnormal = table.loc[table["label"] == "abnormal", "sequence_id"].iloc[0]
    table.loc[table["sequence_id"] == first_abnormal, "label"] = " abnormal"
    path = tmp_path / "raw.csv"
    table.to_csv(path, index=False)
    with caplog.at_level(logging.WARNING):
        outputs = accepted(tmp_path, path)
    counts = outputs["label_mapping"]["counts"]
    assert set(counts) == {"normal", "abnormal"}
    assert sum(counts.values()) == 20
    assert "merged with the label(s) ['abnormal'] written without it" in warnings_of(caplog)
    y = outputs["primary_sequences"]["y"]
    ids = outputs["primary_sequences"]["ids"]
    assert y[np.flatnonzero(ids == first_abnormal)[0]] == 1


def test_clean_labels_warn_nothing_and_keys_stay_as_they_were(tmp_path, caplog):
    path = tmp_path / "raw.csv"
    ragged_table(20).to_csv(path, index=False)
    with caplog.at_level(logging.WARNING):
        accepted(tmp_path, path)
    assert "whitespace" not in warnings_of(caplog)
    assert [label_key(v) for v in (1, 1.0, "1", " 1 ", True)] == ["1", "1", "1", "1", "True"]

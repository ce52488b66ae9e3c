"""The demo generator: deterministic, shaped like the practitioner's data, never overwrites."""

from __future__ import annotations

import numpy as np

from seq_pipeline.core.demo import generate_demo_table, make_event_sequences, write_demo_file


def test_same_seed_same_data_and_different_seed_differs():
    x1, y1 = make_event_sequences(50, 25, seed=3)
    x2, y2 = make_event_sequences(50, 25, seed=3)
    x3, _ = make_event_sequences(50, 25, seed=4)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(x1, x3)


def test_demo_table_has_the_documented_shape_balance_and_raw_scales():
    table = generate_demo_table(n_sequences=400, n_steps=25, seed=1)
    assert list(table.columns) == ["sequence_id", "timestep", "pressure", "flow", "label"]
    assert len(table) == 400 * 25
    labels = table.groupby("sequence_id")["label"].first()
    assert 0.4 < labels.mean() < 0.6
    # The scales differ by orders of magnitude, which is what breaks an unscaled LSTM.
    assert table["pressure"].abs().mean() / table["flow"].std() > 1e6


def test_class_summaries_match_so_only_order_carries_the_label():
    x, y = make_event_sequences(4000, 25, seed=5)
    for stat in (np.mean, np.max, np.std):
        per_class = [stat(x[y == c], axis=1).mean(axis=0) for c in (0, 1)]
        np.testing.assert_allclose(per_class[0], per_class[1], atol=0.05)


def test_write_demo_file_never_overwrites(tmp_path):
    path = tmp_path / "raw" / "demo.parquet"
    assert write_demo_file(path, n_sequences=10, n_steps=8, seed=0)
    path.write_bytes(b"a user's own file")
    assert not write_demo_file(path, n_sequences=10, n_steps=8, seed=0)
    assert path.read_bytes() == b"a user's own file"

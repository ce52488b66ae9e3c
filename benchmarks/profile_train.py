"""Where the train node's time goes: one variant per pipeline feature, timed epoch by epoch.

All variants are built first, then trained one epoch each in turn (round-robin), so every
variant sees the same background load; round 1 (tracing, warm-up) is left out. Each variant
switches one feature of the train node as it was on main (before issue #8) on or off:
the boolean mask input, the AUC metric, TensorBoard, validation in batches of 64 or 1024,
NumPy arrays or a cached `tf.data` pipeline. `hand` is the minimal loop of train_speed.py.
Used by `python benchmarks/train_speed.py --profile` (TensorFlow backend).
"""

from __future__ import annotations

import statistics
import tempfile
import time

import keras
import numpy as np

BATCH_SIZE = 64
# name: (mask input, AUC metric, TensorBoard, validation batch (None: no validation), tf.data)
VARIANTS = {
    "main (mask, AUC, TensorBoard, val batch 64)": (True, True, True, 64, False),
    "without TensorBoard": (True, True, False, 64, False),
    "without AUC": (True, False, True, 64, False),
    "without mask input": (False, True, True, 64, False),
    "validation batch 1024": (True, True, True, 1024, False),
    "without validation": (True, True, True, None, False),
    "cached tf.data instead of NumPy": (True, True, True, 64, True),
    "hand loop (no mask, no AUC, no val, tf.data)": (False, False, False, None, True),
}


def build(n_steps: int, n_features: int, scaler: dict, mask: bool, auc: bool) -> keras.Model:
    """main's BiLSTM, with or without its mask input and AUC metric."""
    values = keras.Input((n_steps, n_features), name="values")
    step_mask = keras.Input((n_steps,), dtype="bool", name="mask")
    variance = list(np.square(scaler["std"]))
    x = keras.layers.Normalization(mean=scaler["mean"], variance=variance)(values)
    x = keras.layers.Bidirectional(keras.layers.LSTM(128))(x, mask=step_mask if mask else None)
    x = keras.layers.Dense(50, activation="relu")(x)
    output = keras.layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model({"values": values, "mask": step_mask} if mask else values, output)
    metrics = ["accuracy", *([keras.metrics.AUC(name="auc")] if auc else [])]
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=metrics)
    return model


class _Variant:
    def __init__(self, data: tuple, switches: tuple, log_dir: str):
        import tensorflow as tf  # noqa: PLC0415 - the profile compares against tf.data

        sequences, split, scaler = data
        mask, auc, self.tensorboard, val_batch, use_tf_data = switches
        x = sequences["X"].astype("float32")
        self.model = build(x.shape[1], x.shape[2], scaler, mask, auc)
        self.log_dir, self.seconds, self.cpu_seconds = log_dir, [], []

        def inputs(rows):
            return {"values": x[rows], "mask": sequences["mask"][rows]} if mask else x[rows]

        train, y = split["train"], sequences["y"].astype("float32")
        self.kwargs = {"verbose": 0}
        if val_batch is not None:
            self.kwargs |= {
                "validation_data": (inputs(split["val"]), y[split["val"]]),
                "validation_batch_size": val_batch,
            }
        if use_tf_data:
            data = tf.data.Dataset.from_tensor_slices((inputs(train), y[train])).cache()
            self.args = (data.shuffle(len(train), seed=1).batch(BATCH_SIZE).prefetch(2),)
        else:
            self.args = (inputs(train), y[train])
            self.kwargs |= {"batch_size": BATCH_SIZE, "shuffle": True}

    def epoch(self, epoch: int) -> None:
        callbacks = [keras.callbacks.TensorBoard(self.log_dir)] if self.tensorboard else []
        started, cpu = time.perf_counter(), time.process_time()
        self.model.fit(
            *self.args, initial_epoch=epoch, epochs=epoch + 1, callbacks=callbacks, **self.kwargs
        )
        self.seconds.append(round(time.perf_counter() - started, 3))
        self.cpu_seconds.append(round(time.process_time() - cpu, 3))


def profile(data: tuple, epochs: int) -> dict:
    """Steady-state seconds per epoch of each variant and its share over the hand loop."""
    keras.utils.set_random_seed(0)
    with tempfile.TemporaryDirectory() as tmp:
        variants = {
            name: _Variant(data, switches, f"{tmp}/{i}")
            for i, (name, switches) in enumerate(VARIANTS.items())
        }
        for epoch in range(epochs):
            for variant in variants.values():
                variant.epoch(epoch)
            times = (f"{v.seconds[-1]}/{v.cpu_seconds[-1]}" for v in variants.values())
            print(f"epoch {epoch + 1} wall/cpu: " + ", ".join(times), flush=True)
    hand = list(variants.values())[-1]
    rows = {}
    for name, variant in variants.items():
        rows[name] = {"epoch_seconds": variant.seconds, "epoch_cpu_seconds": variant.cpu_seconds}
        for kind, attribute in (("", "seconds"), ("cpu_", "cpu_seconds")):
            seconds = np.array(getattr(variant, attribute)[1:])
            base = np.array(getattr(hand, attribute)[1:])
            rows[name] |= {
                f"steady_{kind}seconds_per_epoch": round(statistics.median(seconds), 2),
                f"{kind}ratio_to_hand_median": round(float(np.median(seconds / base)), 3),
            }
    return {"epochs": epochs, "n_train_sequences": len(data[1]["train"]), "variants": rows}

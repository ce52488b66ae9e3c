"""Why streamed training was slow under TensorFlow: CPU time per step by how batches reach `fit`.

One variant per process (the first run of the train step is what matters, so a fresh process
each time): the default BiLSTM (mask-free twin, as `fit_architecture` uses on unpadded data)
on `steps × 256` demo-shaped sequences (25 × 2, `make_event_sequences`), two epochs, no
validation. Printed: process CPU seconds and wall seconds per step of the second epoch, and
the CPU seconds of the fit per thread name (from `/proc/self/task`).

    python benchmarks/stream_first_step.py VARIANT [STEPS]   # one JSON line

Variants — data source of the measured fit (after an optional first fit, "then"):
  arrays            in-memory arrays (Keras' array adapter)
  tensors           tf.data from_tensor_slices(...).batch(256).prefetch(2)
  pydataset         a keras.utils.PyDataset slicing the arrays (Keras' from_generator adapter,
                    its signature static: [256, 25, 2])
  gen_none          tf.data.Dataset.from_generator, batch dimension None, prefetch(2)
  gen_static        the same with a static batch dimension of 256
  gen_private       gen_none with autotune off and a private thread pool of 1
  gen_noprefetch    gen_none without prefetch
  shardgen          from_generator yielding 5 000 rows at a time, then rebatch(256)
  concat            the first batch from tensors, the rest from the generator, one dataset
  interop1_pydataset  pydataset with 1 inter-op thread
  warm_pydataset    then: a fit of 2 steps on arrays, then pydataset
  warm_gen          then: a fit of 2 steps on arrays, then gen_none
  tensors_then_gen  then: a fit of 2 steps on `tensors`, then gen_none
  tob_then_pydataset  then: one train_on_batch on an array batch, then pydataset
  warm1_rollback_gen  then: one step on a tensor batch, every variable restored, then gen_none
                    (what `tf_batches.warm_up` does)
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

import keras
import numpy as np
import tensorflow as tf

from seq_pipeline.core.demo import make_event_sequences
from seq_pipeline.models import build_model, model_inputs
from seq_pipeline.training.callbacks import mask_free_twin

B, T = 256, 25


def thread_cpu() -> dict[str, float]:
    """CPU seconds so far per thread name (digits stripped), from /proc."""
    out: dict[str, float] = {}
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/comm") as f:
                name = f.read().strip().rstrip("0123456789")
            with open(f"/proc/self/task/{task}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[name] = out.get(name, 0) + (int(fields[11]) + int(fields[12])) / os.sysconf(
            "SC_CLK_TCK"
        )
    return out


class EpochCPU(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.cpu, self.wall = [], []

    def on_epoch_begin(self, epoch, logs=None):
        self._cpu, self._wall = time.process_time(), time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.cpu.append(time.process_time() - self._cpu)
        self.wall.append(time.perf_counter() - self._wall)


def warm_and_restore(model: keras.Model, dataset) -> None:
    """One fit step on `dataset`, then every model variable back and the optimizer zeroed."""
    saved = [keras.ops.convert_to_numpy(v) for v in model.variables]
    model.fit(dataset, epochs=1, verbose=0)
    for variable, value in zip(model.variables, saved, strict=True):
        variable.assign(value)
    for variable in model.optimizer.variables:
        variable.assign(tf.zeros_like(variable))


def main(mode: str, steps: int) -> dict:
    if mode.startswith("interop1"):
        tf.config.threading.set_inter_op_parallelism_threads(1)
    n = steps * B
    x, y = make_event_sequences(n, T, seed=1, pulse_height=3.0)
    x, y, mask = x.astype(np.float32), y.astype(np.float32), np.ones((n, T), bool)
    keras.utils.set_random_seed(0)
    model = build_model(
        "bilstm",
        n_steps=T,
        n_features=2,
        fill_values=np.zeros(2, np.float32),
        mean=x.reshape(-1, 2).mean(0),
        std=x.reshape(-1, 2).std(0),
    )
    fitted = mask_free_twin(model)

    class Slices(keras.utils.PyDataset):
        def __init__(self, start: int = 0):
            super().__init__(workers=1, use_multiprocessing=False)
            self.start = start

        def __len__(self):
            return steps - self.start

        def __getitem__(self, i):
            rows = slice((i + self.start) * B, (i + self.start + 1) * B)
            return model_inputs(x[rows], mask[rows]), y[rows]

    def generated(batch=None, start=0):
        def batches():
            d = Slices(start)
            yield from (d[i] for i in range(len(d)))

        spec = (
            {
                "values": tf.TensorSpec((batch, T, 2), tf.float32),
                "mask": tf.TensorSpec((batch, T), tf.bool),
            },
            tf.TensorSpec((batch,), tf.float32),
        )
        return tf.data.Dataset.from_generator(batches, output_signature=spec)

    def tensors(rows=slice(None)):
        return tf.data.Dataset.from_tensor_slices((model_inputs(x[rows], mask[rows]), y[rows]))

    def chunked():
        def chunks():
            for a in range(0, n, 5000):
                yield model_inputs(x[a : a + 5000], mask[a : a + 5000]), y[a : a + 5000]

        spec = generated().element_spec
        return tf.data.Dataset.from_generator(chunks, output_signature=spec).rebatch(B)

    def private(dataset):
        options = tf.data.Options()
        options.autotune.enabled = False
        options.threading.private_threadpool_size = 1
        return dataset.with_options(options)

    sources = {
        "arrays": lambda: {"x": model_inputs(x, mask), "y": y, "batch_size": B},
        "pydataset": lambda: {"x": Slices(), "shuffle": False},
        "tensors": lambda: {"x": tensors().batch(B).prefetch(2)},
        "gen_none": lambda: {"x": generated().prefetch(2)},
        "gen_static": lambda: {"x": generated(B).prefetch(2)},
        "gen_noprefetch": lambda: {"x": generated()},
        "gen_private": lambda: {"x": private(generated().prefetch(2))},
        "shardgen": lambda: {"x": chunked().prefetch(2)},
        "concat": lambda: {
            "x": tensors(slice(0, B)).batch(B).concatenate(generated(start=1)).prefetch(2)
        },
    }
    firsts = {
        "warm": lambda: fitted.fit(
            model_inputs(x[: 2 * B], mask[: 2 * B]), y[: 2 * B], batch_size=B, verbose=0
        ),
        "tensors": lambda: fitted.fit(tensors().batch(B).take(2), epochs=1, verbose=0),
        "tob": lambda: fitted.train_on_batch(model_inputs(x[:B], mask[:B]), y[:B]),
        "interop1": lambda: None,  # set before anything ran, above
        "warm1_rollback": lambda: warm_and_restore(fitted, tensors(slice(0, B)).batch(B)),
    }
    first, _, source = mode.rpartition("_then_") if "_then_" in mode else ("", "", mode)
    for prefix in ("warm1_rollback", "warm", "interop1"):
        if not first and mode.startswith(prefix + "_"):
            first, source = prefix, mode[len(prefix) + 1 :]
    source = {"gen": "gen_none"}.get(source, source)
    if source not in sources or (first and first not in firsts):
        raise SystemExit(f"unknown variant {mode!r}; see the docstring")
    if first:
        firsts[first]()
    args = sources[source]()
    before, timer = thread_cpu(), EpochCPU()
    fitted.fit(**args, epochs=2, callbacks=[timer], verbose=0)
    threads = {k: round(v - before.get(k, 0), 1) for k, v in thread_cpu().items()}
    return {
        "mode": mode,
        "steps": steps,
        "cpu_s_per_step_epoch2": round(timer.cpu[1] / steps, 4),
        "wall_s_per_step_epoch2": round(timer.wall[1] / steps, 4),
        "cpu_epochs": [round(c, 2) for c in timer.cpu],
        "load": os.getloadavg()[0],
        "threads": {k: v for k, v in threads.items() if v > 0.2},
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 60)))

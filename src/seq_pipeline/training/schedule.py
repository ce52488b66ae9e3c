"""The training schedule, adapted to the training-set size (pure arithmetic, no Keras).

- Batch size: `min(batch_size, max(min_batch_size, n_train // 8))` when adaptive, so a small
  training set still gives ≥ 8 updates per epoch (42 series: batch 8, not one batch of 64)
  while large sets keep the configured batch. With R replicas (distribution.py) that is the
  batch of each replica, chosen for 8 × R updates of the whole set, and one step takes the
  global batch `R × per-replica batch`: more devices, bigger steps, the same per-device load.
- Epochs: at least `ceil(min_steps / steps_per_epoch)`, so tiny data still gets enough
  gradient steps (42 series and batch 64 would otherwise give 40 steps in 40 epochs), and
  early stopping cannot end training before those `min_epochs` (nor pick weights from
  before them): a minimum that early stopping could undercut would be no minimum.
- Patience scales by the same factor as the epochs, so early stopping waits the same share of
  training; reduce-on-plateau waits half the early-stopping patience. It is capped at
  `early_stopping_max_steps` gradient updates, rounded up to whole epochs: what early stopping
  waits for is updates that improve the model, and six epochs of 105 batches (the demo) wait
  630 of them, six epochs of a million sequences ~94 000, where small sets wait ~80. A cap of
  400 leaves every set of fewer than 80 batches an epoch (~5 000 training sequences at batch
  64, the public sets of benchmarks/real_data.py among them) as it was.
- Learning rate (`learning_rate_scaling: sqrt`): `learning_rate` is Adam's rate at the
  smallest batch; a batch B steps at `learning_rate × sqrt(B / min_batch_size)`, the square-root
  scaling rule for adaptive optimizers (Malladi et al. 2022, "On the SDEs and Scaling Rules
  for Adaptive Gradient Algorithms", NeurIPS; Hoffer et al. 2017). Small sets, which the
  adaptive batch brings down to `min_batch_size`, keep the configured rate; the demo's batch
  64 steps at 2.8× it and reaches 0.99 validation accuracy by epoch 7 instead of never
  (benchmarks/results/time_to_accuracy.json).
- Early stopping and the plateau watch the validation loss when there are at least
  `min_val_sequences` validation sequences, else the training loss (as LSTM-FCN and
  InceptionTime do): a loss over eight sequences is noise and stopped GunPoint at epoch 4.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from seq_pipeline.training.options import ScheduleOptions

# Updates per epoch the adaptive batch size aims for, at least.
BATCHES_PER_EPOCH = 8


@dataclass(frozen=True)
class Schedule:
    """How one model is trained on `n_train` sequences."""

    n_train: int
    batch_size: int  # global: what one gradient step (one `fit` batch) averages over
    replicas: int
    per_replica_batch_size: int
    steps_per_epoch: int
    epochs: int
    min_epochs: int
    total_steps: int
    stretch: float
    early_stopping_patience: int | None
    learning_rate: float  # at the start of training, after batch scaling
    lr_schedule: str
    plateau_patience: int | None
    monitor: str

    def as_dict(self) -> dict:
        return asdict(self)


def batch_size_for(n_train: int, options: ScheduleOptions, replicas: int = 1) -> int:
    """The configured (per-replica) batch, or a smaller one that gives ≥ 8 updates per epoch
    on small data."""
    if not options.adaptive_batch_size:
        return options.batch_size
    per_replica = n_train // (BATCHES_PER_EPOCH * replicas)
    return min(options.batch_size, max(options.min_batch_size, per_replica))


def plan_schedule(
    n_train: int, options: ScheduleOptions, n_val: int | None = None, replicas: int = 1
) -> Schedule:
    """Batch size, epochs, patience and the monitored loss for `n_train` (and `n_val`) rows
    on `replicas` devices trained in sync."""
    if n_train < 1:
        raise ValueError("Cannot train on an empty training split")
    per_replica = batch_size_for(n_train, options, replicas)
    batch = per_replica * replicas
    steps = math.ceil(n_train / batch)
    min_epochs = math.ceil(options.min_steps / steps)
    epochs = max(options.epochs, min_epochs)
    stretch = epochs / options.epochs
    patience = options.early_stopping_patience
    if patience is not None:
        patience = math.ceil(patience * stretch)
        if options.early_stopping_max_steps is not None:
            patience = min(patience, math.ceil(options.early_stopping_max_steps / steps))
    plateau = None
    if options.lr_schedule == "plateau":
        plateau = max(1, (patience if patience is not None else math.ceil(epochs / 10)) // 2)
    learning_rate = options.learning_rate
    if options.learning_rate_scaling == "sqrt":
        learning_rate *= math.sqrt(batch / options.min_batch_size)
    return Schedule(
        n_train=n_train,
        batch_size=batch,
        replicas=replicas,
        per_replica_batch_size=per_replica,
        steps_per_epoch=steps,
        epochs=epochs,
        min_epochs=min_epochs,
        total_steps=epochs * steps,
        stretch=round(stretch, 4),
        early_stopping_patience=patience,
        learning_rate=learning_rate,
        lr_schedule=options.lr_schedule,
        plateau_patience=plateau,
        monitor="val_loss" if n_val is None or n_val >= options.min_val_sequences else "loss",
    )

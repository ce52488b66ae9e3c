"""Custom Kedro datasets, only where kedro-datasets has none."""

from seq_pipeline.datasets.npz_dataset import NPZDataset
from seq_pipeline.datasets.raw_sequence_dataset import RawSequenceDataset
from seq_pipeline.datasets.sharded_dataset import ShardedNPZDataset

__all__ = ["NPZDataset", "RawSequenceDataset", "ShardedNPZDataset"]

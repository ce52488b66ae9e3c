"""seq_pipeline: Kedro pipelines for BiLSTM binary classification of multivariate sequences."""

__version__ = "0.1.0"

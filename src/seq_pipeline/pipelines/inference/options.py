"""How inference checks a new batch against the training data and reports its scores."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class InferenceOptions(BaseModel):
    """Drift check sample and thresholds; intervals of the metrics of a labelled batch."""

    model_config = ConfigDict(extra="forbid")

    drift_max_rows: int = Field(default=2000, gt=0)
    drift_significance: float = Field(default=0.05, gt=0, lt=1)
    drift_auc_min: float = Field(default=0.6, gt=0.5, le=1)
    drift_permutations: int = Field(default=199, gt=0)
    n_bootstrap: int = Field(default=1000, gt=0)
    level: float = Field(default=0.95, gt=0, lt=1)

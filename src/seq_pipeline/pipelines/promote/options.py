"""How much worse than the champion a new model may score and still replace it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PromoteOptions(BaseModel):
    """The margin, and the bootstrap behind the comparison's interval."""

    model_config = ConfigDict(extra="forbid")

    margin: float = Field(default=0.01, ge=0, le=1)
    n_bootstrap: int = Field(default=1000, gt=0)
    level: float = Field(default=0.95, gt=0, lt=1)

"""Typed `stream_options`: how large the in-memory sample of sharded data is."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from seq_pipeline.core.parameters import Options


class StreamOptions(Options):
    """How large the in-memory sample of sharded data is."""

    model_config = ConfigDict(extra="forbid")

    # 20 000 × 25 × 2 float32 is 4 MB; the audit's and diagnosis' own caps sit below it.
    sample_sequences: int = Field(default=20_000, gt=0)

"""Project settings: hooks and the configuration loader."""

from seq_pipeline.hooks import (
    DemoDataHook,
    DiagnosisSummaryHook,
    NodeTimingHook,
    UnknownParameterHook,
)

# pluggy calls hooks last-registered first: the verdict summary is registered first so it
# is the last thing a run logs.
HOOKS = (DiagnosisSummaryHook(), NodeTimingHook(), DemoDataHook(), UnknownParameterHook())

CONFIG_LOADER_ARGS = {
    "base_env": "base",
    "default_run_env": "local",
    # An environment overrides only the keys it names; the rest of each options block stays.
    "merge_strategy": {"parameters": "soft"},
}

"""Project settings: hooks and the configuration loader."""

from seq_pipeline.hooks import DemoDataHook, DiagnosisSummaryHook

HOOKS = (DemoDataHook(), DiagnosisSummaryHook())

CONFIG_LOADER_ARGS = {
    "base_env": "base",
    "default_run_env": "local",
}

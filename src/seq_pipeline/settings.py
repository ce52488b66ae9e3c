"""Project settings: hooks and the configuration loader."""

from seq_pipeline.hooks import DemoDataHook, NodeTimingHook

HOOKS = (DemoDataHook(), NodeTimingHook())

CONFIG_LOADER_ARGS = {
    "base_env": "base",
    "default_run_env": "local",
}

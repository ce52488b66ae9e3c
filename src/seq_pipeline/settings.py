"""Project settings: hooks and the configuration loader."""

import warnings

from seq_pipeline.hooks import DemoDataHook, DiagnosisSummaryHook, NodeTimingHook
from seq_pipeline.tf_logging import install as quiet_tensorflow_startup

# Before anything imports TensorFlow: drop its start-up notices, keep its warnings
# (SEQ_PIPELINE_TF_LOG=1 shows everything; see seq_pipeline/tf_logging.py).
quiet_tensorflow_startup()
# Kedro 1.7's config loader calls an OmegaConf API that newer OmegaConf deprecates, three
# times per run; nothing a user of this project can act on. Only that message is ignored.
warnings.filterwarnings(
    "ignore",
    message=r"register_new_resolver\(\) is deprecated",
    category=UserWarning,
    module=r"kedro\.config\.omegaconf_config",
)

# pluggy calls hooks last-registered first: the verdict summary is registered first so it
# is the last thing a run logs.
HOOKS = (DiagnosisSummaryHook(), NodeTimingHook(), DemoDataHook())

CONFIG_LOADER_ARGS = {
    "base_env": "base",
    "default_run_env": "local",
    # An environment overrides only the keys it names; the rest of each options block stays.
    "merge_strategy": {"parameters": "soft"},
}

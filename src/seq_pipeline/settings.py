"""Project settings: hooks and the configuration loader."""

import warnings

from omegaconf.resolvers import oc

from seq_pipeline.framework.hooks.demo_data import DemoDataHook
from seq_pipeline.framework.hooks.diagnosis_summary import DiagnosisSummaryHook
from seq_pipeline.framework.hooks.lineage import LineageHook
from seq_pipeline.framework.hooks.node_timing import NodeTimingHook
from seq_pipeline.framework.hooks.run_identity import RunIdentityHook
from seq_pipeline.framework.hooks.run_summary import RunSummaryHook
from seq_pipeline.framework.hooks.tracking import MlflowTrackingHook, absolute_path
from seq_pipeline.framework.hooks.unknown_parameters import UnknownParameterHook
from seq_pipeline.framework.latest_run import run_or_latest
from seq_pipeline.training.tf_logging import install as quiet_tensorflow_startup

# Before anything imports TensorFlow: drop its start-up notices, keep its warnings
# (SEQ_PIPELINE_TF_LOG=1 shows everything; see seq_pipeline/training/tf_logging.py).
quiet_tensorflow_startup()
# Kedro 1.7's config loader calls an OmegaConf API that newer OmegaConf deprecates, three
# times per run; nothing a user of this project can act on. Only that message is ignored.
warnings.filterwarnings(
    "ignore",
    message=r"register_new_resolver\(\) is deprecated",
    category=UserWarning,
    module=r"kedro\.config\.omegaconf_config",
)

# pluggy calls hooks last-registered first: the run summary (what it read, the answer and
# where the artifacts are) is registered first so it is the last thing a run logs, after
# the verdict table; and the demo file is written before the run hashes its input.
# Tracking starts its MLflow run only once the run identity has accepted the run; lineage
# records every save and checks every load of the run's artifacts. Unknown
# parameter keys are refused first of all, before a run id is picked.
HOOKS = (
    RunSummaryHook(),
    DiagnosisSummaryHook(),
    MlflowTrackingHook(),
    NodeTimingHook(),
    LineageHook(),
    RunIdentityHook(),
    DemoDataHook(),
    UnknownParameterHook(),
)

# kedro-mlflow (the `mlflow` extra) would track every run once installed; MlflowTrackingHook
# runs its hook only for environments with an mlflow.yml (docs/tracking.md). The metadata
# name is `kedro_mlflow`; older releases spelled it with a hyphen.
DISABLE_HOOKS_FOR_PLUGINS = ("kedro_mlflow", "kedro-mlflow")

CONFIG_LOADER_ARGS = {
    "base_env": "base",
    "default_run_env": "local",
    # An environment overrides only the keys it names; the rest of each options block stays.
    "merge_strategy": {"parameters": "soft"},
    "custom_resolvers": {
        # Kedro allows `oc.env` only in credentials; the data root (conf/base/globals.yml) reads
        # SEQ_PIPELINE_DATA_ROOT so a scheduler or a packaged run can place the data anywhere.
        "oc.env": oc.env,
        # conf/mlflow/mlflow.yml: MLflow's store and artifacts, absolute under the data root.
        "absolute_path": absolute_path,
        # conf/base/catalog.yml: the run folder of a session given no run id (kedro-viz).
        "run_or_latest": run_or_latest,
    },
    # Tracking configuration: present only in environments that turn tracking on.
    "config_patterns": {"mlflow": ["mlflow*", "mlflow*/**"]},
}

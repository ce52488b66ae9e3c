"""TensorFlow's start-up notices are dropped, its real messages kept, and the opt-out works."""

from __future__ import annotations

import os
import subprocess
import sys

from seq_pipeline.training.tf_logging import NOISE, keep_lines

# Loads the project settings the way `kedro run` does, then TensorFlow (through Keras), runs
# one op (device placement: where cuInit is called), does what the train node does before
# fitting, transposes a boolean tensor in a graph as a masked LSTM does (oneDNN's DT_BOOL
# notice), then prints a real warning.
SCRIPT = """
import seq_pipeline.settings, keras, warnings
from seq_pipeline.training.tf_logging import consume_once_notices
keras.ops.sum(keras.ops.ones((2, 2)))
consume_once_notices()
import tensorflow as tf
tf.function(tf.transpose)(tf.constant([[True, False], [False, True]]))
warnings.warn("a real warning stays visible")
"""

CPU_NOTICES = [
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "I0000 00:00:1795914222.409819   30886 port.cc:153] oneDNN custom operations are on. "
    "You may see slightly different numerical results due to floating-point round-off errors",
    "I0000 00:00:1795914222.410255   30886 cudart_stub.cc:31] Could not find cuda drivers on "
    "your machine, GPU will not be used.",
    "I0000 00:00:1795914069.551896   27664 cpu_feature_guard.cc:227] This TensorFlow binary is "
    "optimized to use available CPU instructions in performance-critical operations.",
    "To enable the following instructions: AVX2 AVX512F FMA, in other operations, rebuild "
    "TensorFlow with the appropriate compiler flags.",
    "E0000 00:00:1795914103.939203   28242 cuda_platform.cc:52] failed call to cuInit: "
    "INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)",
    "E0000 00:00:1795915263.911906   11873 util.cc:131] oneDNN supports DT_BOOL only on "
    "platforms with AVX-512. Falling back to the default Eigen-based implementation if present.",
]


def _run(env_extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("TF_CPP_MIN_LOG_LEVEL",)}
    env.update(env_extra, KERAS_BACKEND="tensorflow")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_every_cpu_startup_notice_is_noise_and_other_lines_are_kept():
    kept = "W0000 00:00:1795914103.939203   28242 some_kernel.cc:12] a real C++ warning"
    assert keep_lines([*CPU_NOTICES, kept]) == [kept]
    assert len(NOISE) == len(set(NOISE))


def test_settings_quiet_tensorflow_startup_before_it_is_imported():
    stderr = _run({})
    assert keep_lines(stderr.splitlines()) == stderr.splitlines(), stderr
    assert "a real warning stays visible" in stderr


def test_opt_out_leaves_tensorflow_logging_alone():
    stderr = _run({"SEQ_PIPELINE_TF_LOG": "1", "TF_CPP_MIN_LOG_LEVEL": "0"})
    assert "a real warning stays visible" in stderr
    # What TensorFlow prints at start-up depends on the machine (GPU, CPU features): only
    # check that nothing was filtered when it printed its own log lines.
    if "port.cc" in stderr or "cudart_stub" in stderr or "cuda_platform" in stderr:
        assert keep_lines(stderr.splitlines()) != stderr.splitlines()
    if "oneDNN custom operations are on" in stderr:  # oneDNN on: the DT_BOOL notice shows too
        assert "oneDNN supports DT_BOOL" in stderr


def test_settings_do_not_import_tensorflow():
    check = "import sys, seq_pipeline.settings; assert 'tensorflow' not in sys.modules"
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_settings_drop_only_kedros_omegaconf_deprecation_notice():
    load = "from kedro.config import OmegaConfigLoader; OmegaConfigLoader('conf')"
    stderr = {}
    for name, code in (("plain", load), ("project", f"import seq_pipeline.settings; {load}")):
        stderr[name] = subprocess.run(
            [sys.executable, "-W", "default", "-c", code],
            capture_output=True,
            text=True,
            check=False,
        ).stderr
    assert "register_new_resolver() is deprecated" in stderr["plain"]
    assert "register_new_resolver() is deprecated" not in stderr["project"], stderr["project"]

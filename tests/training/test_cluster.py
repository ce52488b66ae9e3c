"""TF_CONFIG: which task this process is, whether it is the chief, and clear errors."""

from __future__ import annotations

import json

import pytest

from seq_pipeline.core.errors import ParameterError
from seq_pipeline.pipelines.train.options import TrainOptions
from seq_pipeline.training.cluster import (
    TF_CONFIG,
    distribution_of,
    non_chief_worker,
    parse_tf_config,
    worker_role,
)

WORKERS = {"worker": ["127.0.0.1:2000", "127.0.0.1:2001"]}
MULTI_WORKER = {"train_options": {"distribution": "multi_worker"}}


def tf_config(cluster: dict, task_type: str, index: int) -> str:
    return json.dumps({"cluster": cluster, "task": {"type": task_type, "index": index}})


@pytest.mark.parametrize(
    ("cluster", "task_type", "index", "chief"),
    [
        (WORKERS, "worker", 0, True),  # no chief task: worker 0 is the chief
        (WORKERS, "worker", 1, False),
        ({"chief": ["h:1"], **WORKERS}, "chief", 0, True),
        ({"chief": ["h:1"], **WORKERS}, "worker", 0, False),
    ],
)
def test_the_chief_is_the_chief_task_or_else_worker_0(cluster, task_type, index, chief):
    role = parse_tf_config(tf_config(cluster, task_type, index))
    assert (role.task_type, role.index, role.is_chief) == (task_type, index, chief)
    assert role.n_workers == sum(len(hosts) for hosts in cluster.values())


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"task": {"type": "worker", "index": 0}}', "has no 'cluster'"),
        (tf_config({"ps": ["h:1"], **WORKERS}, "worker", 0), "task types ['ps']"),
        (tf_config({"worker": []}, "worker", 0), "non-empty list"),
        (tf_config({"worker": ["localhost"]}, "worker", 0), "'localhost'"),
        (tf_config({"chief": ["h:1", "h:2"]}, "chief", 0), "at most one"),
        (json.dumps({"cluster": WORKERS}), "has no 'task'"),
        (tf_config(WORKERS, "chief", 0), "task type 'chief'"),
        (tf_config(WORKERS, "worker", "0"), "task index '0'"),
        (tf_config(WORKERS, "worker", 2), "indices 0..1"),
    ],
)
def test_a_bad_tf_config_is_an_error_naming_the_variable_and_the_problem(text, problem):
    with pytest.raises(ParameterError) as error:
        parse_tf_config(text)
    assert TF_CONFIG in str(error.value)
    assert problem in str(error.value)


def test_multi_worker_training_without_tf_config_is_an_error():
    with pytest.raises(ParameterError, match="TF_CONFIG is not set"):
        worker_role({})


def test_only_non_chief_workers_of_a_multi_worker_run_are_reported():
    worker_1 = {TF_CONFIG: tf_config(WORKERS, "worker", 1)}
    assert non_chief_worker(MULTI_WORKER, worker_1).index == 1
    assert non_chief_worker(MULTI_WORKER, {TF_CONFIG: tf_config(WORKERS, "worker", 0)}) is None
    # TF_CONFIG means nothing to a run that does not train on several workers.
    assert non_chief_worker({"train_options": {"distribution": "mirrored"}}, worker_1) is None
    assert non_chief_worker({}, worker_1) is None
    # Without TF_CONFIG a process is no worker: ingest to split run once and write as usual.
    assert non_chief_worker(MULTI_WORKER, {}) is None
    assert distribution_of({}) == "none"
    # A session's parameters hold the validated options object, not a dict.
    typed = {"train_options": TrainOptions(distribution="multi_worker")}
    assert non_chief_worker(typed, worker_1).index == 1

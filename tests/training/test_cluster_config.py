"""TF_CONFIG's odd-but-typed values: bools as ints, empty or blank strings, out-of-range numbers.

JSON gives each of these the right Python type (a bool is an int, "" is a str), so only an
explicit check refuses them; each must stop the run with an error naming the variable and the
value, never start a worker that binds the wrong port or thinks it is another task.
"""

from __future__ import annotations

import json

import pytest

from seq_pipeline.core.errors import ParameterError
from seq_pipeline.training.cluster import TF_CONFIG, parse_tf_config

WORKERS = ["10.0.0.1:2222", "10.0.0.2:2222", "10.0.0.3:2222"]


def config(addresses=None, task_type="worker", index=0, **cluster) -> str:
    cluster = cluster or {"worker": WORKERS if addresses is None else addresses}
    return json.dumps({"cluster": cluster, "task": {"type": task_type, "index": index}})


def refused(text: str) -> str:
    with pytest.raises(ParameterError) as error:
        parse_tf_config(text)
    message = str(error.value)
    assert TF_CONFIG in message
    return message


@pytest.mark.parametrize("index", [True, False])
def test_a_boolean_task_index_is_refused_though_a_bool_is_an_int(index):
    assert f"task index {index!r}; it must be an integer" in refused(config(index=index))


@pytest.mark.parametrize("index", [0.0, 1.5, "1", None, [0]])
def test_a_task_index_of_another_type_is_refused(index):
    assert f"task index {index!r}" in refused(config(index=index))


@pytest.mark.parametrize(
    ("index", "accepted"), [(-1, False), (0, True), (2, True), (3, False), (4, False)]
)
def test_the_task_index_lies_within_the_cluster(index, accepted):
    if accepted:
        assert parse_tf_config(config(index=index)).index == index
    else:
        assert "indices 0..2" in refused(config(index=index))


@pytest.mark.parametrize(
    "address",
    [
        ":2222",  # empty host
        " :2222",  # blank host
        "host name:2222",  # whitespace inside the host
        "host:",  # empty port
        "host",  # no port at all
        "",  # empty string
        "host:0",  # port 0 is "any port": the others could never reach this task
        "host:65536",  # past the TCP range
        "host:-1",
        "host:22a",
        "host:+22",
        "host:٢٢",  # non-ASCII digits pass str.isdigit() but are no port
        2222,  # a number, not a string
        True,
        None,
    ],
)
def test_an_odd_address_is_refused_naming_it(address):
    message = refused(config([WORKERS[0], address]))
    assert f"has address {address!r} in cluster['worker']" in message
    assert "a port from 1 to 65535" in message


@pytest.mark.parametrize("address", ["h:1", "h:65535", "[::1]:2222", "worker-0.svc.local:2222"])
def test_ports_at_the_ends_of_the_range_and_ipv6_hosts_are_accepted(address):
    assert parse_tf_config(config([address])).n_workers == 1


def test_one_address_listed_for_two_tasks_is_refused():
    message = refused(config([WORKERS[0], WORKERS[0]]))
    assert "lists ['10.0.0.1:2222'] for more than one task" in message
    across = config(chief=[WORKERS[1]], worker=[WORKERS[0], WORKERS[1]], task_type="chief")
    assert "lists ['10.0.0.2:2222'] for more than one task" in refused(across)


@pytest.mark.parametrize("task_type", ["", "Worker", "ps", None, True, ["worker"]])
def test_a_task_type_the_cluster_does_not_list_is_refused(task_type):
    assert f"has task type {task_type!r}; 'cluster' lists ['worker']" in refused(
        config(task_type=task_type)
    )


@pytest.mark.parametrize("addresses", [[], "10.0.0.1:2222", {"0": "10.0.0.1:2222"}, None])
def test_the_addresses_of_a_task_type_must_be_a_non_empty_list(addresses):
    assert "it must be a non-empty list" in refused(
        json.dumps({"cluster": {"worker": addresses}, "task": {"type": "worker", "index": 0}})
    )


@pytest.mark.parametrize("text", ["{}", '{"cluster": {}}', '""', "null", "0", "true"])
def test_empty_or_scalar_configs_are_refused(text):
    message = refused(text)
    assert "must be a JSON object" in message or "has no 'cluster' object" in message

"""Multi-worker processes wait for their peers with log lines and a limit, then fail clearly."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time

import pytest

from seq_pipeline.core.errors import ParameterError
from seq_pipeline.training.cluster import wait_for_peers
from tests.training.test_multi_worker import free_ports


def tf_config(ports: list[int], index: int) -> dict[str, str]:
    cluster = {"worker": [f"localhost:{p}" for p in ports]}
    return {
        "TF_CONFIG": json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}})
    }


def test_a_peer_that_never_comes_ends_in_an_error_naming_it_and_the_timeout(caplog):
    ports = free_ports(2)
    started = time.monotonic()
    with caplog.at_level(logging.INFO), pytest.raises(ParameterError) as info:
        wait_for_peers(1.5, tf_config(ports, 0))
    assert 1.5 <= time.monotonic() - started < 30
    message = str(info.value)
    assert f"worker(s) ['localhost:{ports[1]}'] of TF_CONFIG did not answer" in message
    assert "train_options.peer_timeout_s=1.5 s" in message
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "waiting up to 1.5 s (train_options.peer_timeout_s)" in logged


def test_workers_waiting_for_each_other_all_go_on():
    ports = free_ports(3)
    errors: list[BaseException] = []
    servers: list[socket.socket] = []

    def worker(index: int) -> None:
        try:
            wait_for_peers(30, tf_config(ports, index))
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)
            return
        # The port is free again: TensorFlow's server takes it (here, a plain listener).
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("", ports[index]))
        server.listen(8)
        servers.append(server)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
    for i, thread in enumerate(threads):
        thread.start()
        time.sleep(0.5 * i)  # they start at different times, as real workers do
    for thread in threads:
        thread.join(60)
    for server in servers:
        server.close()
    assert not errors
    assert len(servers) == 3

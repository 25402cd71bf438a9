"""``clearance serve --workers N``: a socket per worker in one SO_REUSEPORT group, the port
checked first, a clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from clearance.errors import ConfigurationError
from clearance.service.workers import ensure_port_free, listening_socket

pytestmark = pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="needs SO_REUSEPORT (Linux, BSD)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _accepted(server: socket.socket) -> int:
    server.setblocking(False)
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def test_the_kernel_spreads_connections_over_the_workers_sockets() -> None:
    port = _free_port()
    first, second = listening_socket("127.0.0.1", port), listening_socket("127.0.0.1", port)
    clients = []
    try:
        for sock in (first, second):
            sock.listen(128)
        for _ in range(64):
            clients.append(socket.create_connection(("127.0.0.1", port)))
        time.sleep(0.2)
        counts = [_accepted(first), _accepted(second)]
    finally:
        for sock in (first, second, *clients):
            sock.close()
    # one shared socket would let one worker take all 64; a group hashes them over both
    assert sum(counts) == 64 and min(counts) >= 8, counts


def test_a_port_in_use_is_refused_before_any_worker_starts() -> None:
    port = _free_port()
    ensure_port_free("127.0.0.1", port)  # free: no error
    held = listening_socket("127.0.0.1", port)
    held.listen(1)
    try:
        with pytest.raises(ConfigurationError, match=f"cannot listen on 127.0.0.1:{port}"):
            ensure_port_free("127.0.0.1", port)
    finally:
        held.close()


def _serve(data_dir: Path, port: int) -> subprocess.Popen[str]:
    env = {**os.environ, "CLEARANCE_DATA_DIR": str(data_dir)}
    env.pop("CLEARANCE_DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-m", "clearance", "serve", "--port", str(port), "--workers", "2",
                             "--log-level", "warning"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_two_workers_serve_refuse_a_second_server_and_stop_cleanly_on_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    server = _serve(tmp_path / "data", port)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.communicate()
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not answer within 120 s"
            time.sleep(0.2)
        second = _serve(tmp_path / "data", port)
        _, error = second.communicate(timeout=120)
        assert second.returncode != 0 and f"cannot listen on 127.0.0.1:{port}" in error
        answers = [httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=10).status_code for _ in range(10)]
        assert answers == [200] * 10
    finally:
        server.send_signal(signal.SIGTERM)
        _, error = server.communicate(timeout=60)
    assert server.returncode == 0, error
    assert "with 2 worker processes" in error
    ensure_port_free("127.0.0.1", port)  # the workers are gone with the parent, not left holding the port

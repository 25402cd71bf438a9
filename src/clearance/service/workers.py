"""``clearance serve --workers N``: N worker processes, each with its own listening socket.

uvicorn's own ``--workers`` binds one socket in the parent and shares it. Every worker's event
loop accepts all pending connections when it wakes, so a burst of keep-alive connections (a
proxy's connection pool, a load tester) lands on one worker while the others idle: measured
with 2 workers and 4 or 16 connections, one worker did all the work and the second added
nothing. Here every worker binds its own socket in one ``SO_REUSEPORT`` group (Linux 3.9+, the
BSDs), and the kernel spreads new connections over the group by a hash of their addresses.

The parent migrates the database once (so workers do not race to migrate a new database),
makes sure no other server holds the port, starts the workers, restarts one that dies, and
stops them all on SIGINT or SIGTERM.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import threading
import time
from multiprocessing.process import BaseProcess

from clearance.errors import ConfigurationError
from clearance.settings import Settings

logger = logging.getLogger("clearance.serve")

#: A worker that exits sooner than this after its start failed to start (bad settings, bad data):
#: restarting it would fail the same way, so the server stops instead.
_STARTUP_GRACE = 10.0
_STOP_WAIT = 30.0


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` in the port's ``SO_REUSEPORT`` group (uvicorn listens on it)."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def ensure_port_free(host: str, port: int) -> None:
    """Fail clearly if anything listens on ``host:port``, another Clearance server included.

    A bind without ``SO_REUSEPORT`` is refused while any socket holds the port, so a second
    ``clearance serve`` on the same port is told so instead of silently sharing the traffic."""
    probe = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    except OSError as exc:
        raise ConfigurationError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    finally:
        probe.close()


def _worker(settings: Settings, host: str, port: int, log_level: str) -> None:  # pragma: no cover - a child
    """One worker process: its own app (engines, caches) and its own socket in the group."""
    import uvicorn

    from clearance.service.app import create_app

    sock = listening_socket(host, port)
    app = create_app(settings)
    uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level=log_level)).run(sockets=[sock])


class WorkerPool:
    """The parent: starts ``count`` workers, keeps them running, stops them on a signal."""

    def __init__(self, settings: Settings, *, host: str, port: int, count: int, log_level: str) -> None:
        self._arguments = (settings, host, port, log_level)
        self._count = count
        self._context = multiprocessing.get_context("spawn")  # no fork of a parent holding connections
        self._stop = threading.Event()
        self._processes: list[tuple[BaseProcess, float]] = []

    def _start_one(self) -> tuple[BaseProcess, float]:
        process = self._context.Process(target=_worker, args=self._arguments, name="clearance-worker")
        process.start()
        return process, time.monotonic()

    def _request_stop(self, signum: int, _frame: object) -> None:
        logger.info("received %s, stopping the workers", signal.Signals(signum).name)
        self._stop.set()

    def run(self) -> int:
        """Serve until a signal; 0 after a clean stop, 1 when a worker could not start."""
        previous = {sig: signal.signal(sig, self._request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self._processes = [self._start_one() for _ in range(self._count)]
            return self._supervise()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _supervise(self) -> int:
        while not self._stop.wait(0.5):
            for index, (process, started) in enumerate(self._processes):
                if process.is_alive():
                    continue
                if time.monotonic() - started < _STARTUP_GRACE:
                    logger.error("worker %s exited with code %s during start-up; stopping", process.pid,
                                 process.exitcode)
                    return 1
                logger.warning("worker %s died (exit code %s); starting a new one", process.pid, process.exitcode)
                self._processes[index] = self._start_one()
        return 0

    def _stop_all(self) -> None:
        for process, _ in self._processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes the requests in flight
        deadline = time.monotonic() + _STOP_WAIT
        for process, _ in self._processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()

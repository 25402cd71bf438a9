"""Load test of the REST API's check endpoint on loopback, bounded in time.

    .venv/bin/python benchmarks/service.py [--lines 10] [--seconds 20] [--clients 4] [--workers 1] [--data-dir DIR]
        [--database-url URL] [--wrk]

Starts ``clearance serve`` (uvicorn, one process) on a free loopback port over DIR (a data folder
after ``clearance data import``; default: a throwaway folder with no reference data, so engines
that need data report it as findings), creates an admin user and a token, then ``--clients``
threads post the same generated ``--lines``-line shipment (``check_pipeline.generate``) to
``POST /api/v1/check`` for ``--seconds`` seconds. Every request is a full check, stored and
audited. Prints requests/s, the error rate and latency percentiles, and the server's CPU time
per request (all its processes, from /proc): requests/s depends on what else the machine runs,
CPU ms per request much less so, which makes runs on a busy machine comparable. Server and
clients share the machine's cores, as they would on one host.

Target (issue "Service"): >= 200 requests/s for a 10-line shipment with 0 errors.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from check_pipeline import generate

PROJECT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _process_tree(root: int) -> list[int]:
    """``root`` and its descendants (uvicorn's worker processes), from /proc."""
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            pending.extend(int(child) for child in task.read_text().split())
    return found


def _cpu_seconds(root: int) -> float:
    """User + system CPU seconds used so far by ``root`` and its live descendants (Linux only)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in _process_tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / ticks


def _wait_until_idle(root: int, limit: float = 120.0) -> None:
    """Wait until the server's processes stop using CPU: with several workers the first one answers
    /health while the others are still importing and building their engines, which would otherwise
    fall inside the measured window."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = _cpu_seconds(root)
        time.sleep(0.5)
        if _cpu_seconds(root) - before < 0.05:
            return


def _token(data_dir: Path, database_url: str | None) -> str:
    from clearance.service.users import Role, add_user, create_token, get_user
    from clearance.settings import Settings
    from clearance.store import open_database

    database = open_database(Settings(data_dir=data_dir, database_url=database_url))
    now = datetime.now(UTC)
    if get_user(database, "loadtest") is None:
        add_user(database, "loadtest", "load-test-password-1", Role.BROKER, at=now)
    return create_token(database, "loadtest", "benchmark", at=now)


def _wrk(base: str, token: str, body: str, args: argparse.Namespace, folder: Path, server_pid: int) -> int:
    """Drive the endpoint with wrk (one thread, --clients connections) and print its summary."""
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 1
    script = folder / "post.lua"
    script.write_text(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n'
                      'wrk.headers["Content-Type"] = "application/json"\n'
                      f'wrk.headers["Authorization"] = "Bearer {token}"\n', encoding="utf-8")
    cpu_before = _cpu_seconds(server_pid)
    result = subprocess.run(["wrk", "-t1", f"-c{args.clients}", f"-d{int(args.seconds)}s", "--latency", "-s",
                             str(script), f"{base}/api/v1/check"], capture_output=True, text=True, check=False)
    print(f"check endpoint, {args.lines}-line shipment, wrk with {args.clients} connections, {args.workers} server "
          f"worker(s), database: {'PostgreSQL' if args.database_url else 'SQLite'}")
    cpu = _cpu_seconds(server_pid) - cpu_before
    print(result.stdout.rstrip())  # wrk adds a "Non-2xx or 3xx responses" line when any request failed
    done = re.search(r"^\s*(\d+) requests in", result.stdout, re.MULTILINE)
    if done and int(done.group(1)):
        print(f"  server CPU {cpu * 1000 / int(done.group(1)):.2f} ms per request ({cpu:.1f} s in all)")
    print(f"  machine: {os.cpu_count()} cores, Python {platform.python_version()}, load average "
          f"{os.getloadavg()[0]:.2f}")
    return 0 if result.returncode == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--wrk", action="store_true", help="load with wrk (Debian package) instead of Python "
                        "client threads, so the client takes almost no CPU from the server")
    parser.add_argument("--database-url", default=None, help="SQLAlchemy URL (e.g. a PostgreSQL database); "
                        "default: the SQLite file in the data folder")
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory(prefix="clearance-load-")
    data_dir = args.data_dir or Path(scratch.name)
    token = _token(data_dir, args.database_url)
    port = _free_port()
    env = {**os.environ, "CLEARANCE_DATA_DIR": str(data_dir)}
    if args.database_url:
        env["CLEARANCE_DATABASE_URL"] = args.database_url
    server = subprocess.Popen([str(PROJECT / ".venv" / "bin" / "clearance"), "serve", "--port", str(port),
                               "--log-level", "warning", "--workers", str(args.workers)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            print("the server did not start", file=sys.stderr)
            return 1
        body = generate(args.lines)
        headers = {"Authorization": f"Bearer {token}"}
        _wait_until_idle(server.pid)
        for _ in range(4 * args.workers):  # a new connection each, so every worker is likely to get one
            with httpx.Client(base_url=base, headers=headers, timeout=30) as warm:
                first = warm.post("/api/v1/check", json=body)
            if first.status_code != 200:
                print(f"the check endpoint answered {first.status_code}: {first.text[:500]}", file=sys.stderr)
                return 1
        _wait_until_idle(server.pid)
        if args.wrk:
            return _wrk(base, token, json.dumps(body), args, Path(scratch.name), server.pid)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        deadline = time.perf_counter() + args.seconds

        def client() -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=30) as session:
                while time.perf_counter() < deadline:
                    started = time.perf_counter()
                    try:
                        response = session.post("/api/v1/check", json=body)
                        ok = response.status_code == 200
                        problem = "" if ok else f"HTTP {response.status_code}"
                    except httpx.HTTPError as exc:
                        ok, problem = False, type(exc).__name__
                    with lock:
                        latencies.append(time.perf_counter() - started)
                        if not ok:
                            errors.append(problem)

        started = time.perf_counter()
        cpu_before = _cpu_seconds(server.pid)
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        cpu = _cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)
        scratch.cleanup()
    count = len(latencies)
    cuts = statistics.quantiles(latencies, n=100) if count > 1 else [latencies[0]] * 99
    print(f"check endpoint, {args.lines}-line shipment, {args.clients} clients, {args.workers} server worker(s), "
          f"{elapsed:.1f} s, database: {'PostgreSQL' if args.database_url else 'SQLite'}, data: "
          f"{args.data_dir or 'none (throwaway folder)'}")
    print(f"  {count:,} requests, {count / elapsed:,.1f} requests/s, errors {len(errors)} "
          f"({len(errors) / count:.2%}){': ' + ', '.join(sorted(set(errors))) if errors else ''}")
    print(f"  latency ms: p50 {cuts[49] * 1000:.1f}, p95 {cuts[94] * 1000:.1f}, p99 {cuts[98] * 1000:.1f}, "
          f"max {max(latencies) * 1000:.1f}")
    print(f"  server CPU {cpu * 1000 / count:.2f} ms per request ({cpu:.1f} s in all, all server processes)")
    print(f"  machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

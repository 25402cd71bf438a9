"""A throwaway PostgreSQL server for the PostgreSQL-marked tests.

Uses ``CLEARANCE_TEST_POSTGRES_URL`` when set (a server the caller runs); otherwise starts a
private cluster with the machine's ``initdb``/``pg_ctl`` (Debian package ``postgresql``) in a
temporary folder, listening on a unix socket only, and stops it afterwards. As root, the
cluster runs as the ``postgres`` user, because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa


def _binary(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unavailable_reason() -> str | None:
    if os.environ.get("CLEARANCE_TEST_POSTGRES_URL"):
        return None
    if not (_binary("initdb") and _binary("pg_ctl")):
        return "PostgreSQL server binaries not found (apt-get install postgresql) and CLEARANCE_TEST_POSTGRES_URL unset"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser to drop to the postgres user"
    return None


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a server where databases may be created."""
    if url := os.environ.get("CLEARANCE_TEST_POSTGRES_URL"):
        yield url
        return
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    # Not under pytest's tmp folder: that is private to root, and the server runs as postgres.
    workdir = Path(tempfile.mkdtemp(prefix="clearance-pg-"))
    data, sockets = workdir / "pgdata", workdir / "sock"
    sockets.mkdir()
    if as_postgres:
        shutil.chown(workdir, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    run = lambda *args: subprocess.run([*as_postgres, *args], check=True, capture_output=True, timeout=120)  # noqa: E731
    run(_binary("initdb"), "-D", str(data), "-A", "trust", "-U", "clearance", "--no-sync", "-E", "UTF8")
    run(_binary("pg_ctl"), "-D", str(data), "-w", "-l", str(workdir / "log"),
        "-o", f"-p {port} -k {sockets} -c listen_addresses='' -c fsync=off", "start")
    try:
        yield f"postgresql+psycopg://clearance@/postgres?host={sockets}&port={port}"
    finally:
        run(_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(workdir, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """Create an empty database on the server and return its URL."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    url = sa.make_url(server_url)
    return url.set(database=name).render_as_string(hide_password=False)

"""Browser-test harness: the real app served by uvicorn on a free loopback port, driven by Playwright
in Debian's Chromium (``/usr/bin/chromium``, installed by ``.ci/run``; no browser download).

Each test gets its own server over a fresh SQLite data directory with one user per role (username
= the role with ``-`` for ``_``), a fresh browser context and page, and a ``shot(step)`` helper
that saves a full-page PNG to ``test-artifacts/browser/<test>-<NN>-<step>.png``. The whole module is
skipped with the reason when Chromium or the ``playwright`` package is absent (:func:`unavailable`).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from clearance.service.users import Role, add_user
from clearance.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PASSWORD = "correct horse battery staple"
#: Chromium as root on a closed network: no sandbox (root), no GPU, and no background connections
#: (they fail here, many at a time, and slow every start).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run does it as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


def username(role: Role | str) -> str:
    return Role(role).value.replace("_", "-")


@dataclass
class Workbench:
    """A running server: its base URL, data directory and app (whose ``state.service`` a test may seed:
    the database, the reference data)."""

    url: str
    data_dir: Path
    app: Any

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture
def workbench(tmp_path: Path) -> Iterator[Workbench]:
    import uvicorn

    from clearance.service.app import create_app

    settings = Settings(data_dir=tmp_path / "data")
    app = create_app(settings)
    at = datetime.now(UTC)
    for role in Role:
        add_user(app.state.service.database, username(role), PASSWORD, role, at=at)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield Workbench(f"http://127.0.0.1:{port}", settings.data_dir, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        app.state.service.database.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        # launch() gives Chromium a fresh, empty --user-data-dir of its own (and removes it on close)
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def shot(page: Any, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """``shot("step")`` saves a full-page screenshot as ``test-artifacts/browser/<test>-<NN>-<step>.png``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    count = 0

    def take(step: str) -> Path:
        nonlocal count
        count += 1
        path = ARTIFACTS / f"{name}-{count:02d}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', step)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page: Any, workbench: Workbench, role: Role | str, password: str = PASSWORD) -> None:
    """Fill and submit the sign-in form (the page is left wherever the server sends it)."""
    page.goto(workbench("/sign-in"))
    page.fill("#username", username(role))
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()

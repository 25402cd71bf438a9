"""The REST API (FastAPI; OpenAPI at ``/docs``): ``create_app(settings)`` and ``clearance serve``.

Machines authenticate with an API token (``Authorization: Bearer clr_...``, made with
``clearance token create``); every endpoint checks the caller's role against the permission it
needs (:mod:`clearance.service.users`). Errors are RFC 9457 problem details
(``application/problem+json``) with the field path of every problem in ``errors``. Lists are
paginated with ``limit`` and ``offset`` and say how many items match in all.

The app holds one :class:`ReferenceData` (its caches, such as the screening index, are built
once) and checks shipments one at a time under a lock: the engines are CPU-bound, so threads
would not run them faster, and the reference accessor's snapshot bookkeeping is not shared
safely between concurrent checks. Reference data imported while the server runs is picked up
on restart.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http import HTTPStatus
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from clearance import __version__
from clearance.engine import warm_engines
from clearance.errors import ClearanceError, InputError
from clearance.refdata import ReferenceData
from clearance.settings import Settings

logger = logging.getLogger("uvicorn.error")  # uvicorn configures it in every worker: messages appear in its log
PROBLEM = "application/problem+json"
#: Largest API request body accepted, in bytes (a batch of 1,000 ten-line shipments is about 6 MB).
MAX_API_BODY = 10 * 1024 * 1024


class NotFound(ClearanceError):
    """The requested item does not exist."""


class Forbidden(ClearanceError):
    """The caller's role lacks the permission the endpoint needs."""


@dataclass
class ServiceState:
    """What the endpoints share: settings, the database, reference data, a clock, the job pool."""

    settings: Settings
    database: sa.Engine
    reference: ReferenceData
    clock: Callable[[], datetime]
    check_lock: threading.Lock = field(default_factory=threading.Lock)
    jobs: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(max_workers=1,
                                                                                 thread_name_prefix="job"))
    classifier: Any = None  # the HTS classifier, loaded on first use (under check_lock) by POST /classify
    #: The engines every check runs, built once: their caches (the risk model and profiles) outlive a request.
    engines: list[Any] = field(default_factory=lambda: _default_engines())

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()


def _default_engines() -> list[Any]:
    from clearance.pipeline import default_engines

    return default_engines()


def problem(status: int, title: str, detail: str, errors: list[dict[str, Any]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _validation_problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"location": ".".join(str(p) for p in e["loc"]), "field": str(e["loc"][-1]) if e["loc"] else None,
               "message": e["msg"]} for e in exc.errors()]
    return problem(422, "Invalid request", f"{len(errors)} problem(s) in the request", errors)


def _http_problem(_: Request, exc: Exception) -> JSONResponse:
    """The framework's own refusals (unknown path, wrong method, a body that is not JSON) as problem details."""
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 400 and "parsing the body" in detail:
        detail = "the body is not JSON in UTF-8 (RFC 8259); send the shipment as UTF-8 JSON"
    response = problem(exc.status_code, HTTPStatus(exc.status_code).phrase, detail)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


def _clearance_problem(_: Request, exc: Exception) -> JSONResponse:
    from clearance.service.users import AuthError

    if isinstance(exc, InputError):
        errors = [{"location": p.location, "field": p.field, "message": p.message} for p in exc.problems]
        return problem(422, "Invalid input", f"{exc.source}: {len(errors)} problem(s)", errors)
    if isinstance(exc, AuthError):
        response = problem(401, "Not authenticated", str(exc))
        response.headers["WWW-Authenticate"] = "Bearer"
        return response
    if isinstance(exc, Forbidden):
        return problem(403, "Forbidden", str(exc))
    if isinstance(exc, NotFound):
        return problem(404, "Not found", str(exc))
    return problem(503, "Cannot complete the request", str(exc))


#: Threads per worker process that run blocking endpoints (see ``lifespan`` in :func:`create_app`).
REQUEST_THREADS = 4


class APIBodyLimit:
    """Refuses an ``/api/`` request whose declared Content-Length is over :data:`MAX_API_BODY`
    before its body is read. Plain ASGI: Starlette's ``@app.middleware("http")`` wrapper costs
    about 0.3 ms on every request."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            declared = next((value for name, value in scope["headers"] if name == b"content-length"), b"")
            if declared.isdigit() and int(declared) > MAX_API_BODY:
                response = problem(413, "Request too large", f"the body is {int(declared):,} bytes; the API "
                                   f"accepts at most {MAX_API_BODY:,} (split a batch into several jobs)")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(settings: Settings, *, clock: Callable[[], datetime] | None = None) -> FastAPI:
    """The API over the database and reference data ``settings`` name (migrated on start)."""
    from clearance.service.routes import router
    from clearance.service.web import install_web
    from clearance.store import open_database

    database = open_database(settings)
    reference = ReferenceData(database, screening_cache=settings.screening_cache())
    state = ServiceState(settings, database, reference, clock or (lambda: datetime.now(UTC)))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Iterator[None]:  # type: ignore[misc]
        import anyio.to_thread

        # Blocking endpoints run in this worker's thread pool. Checks are CPU-bound and hold the GIL,
        # so more threads than this only contend for it: measured with 2 workers and 16 connections,
        # anyio's default of 40 threads cost about 2 ms more CPU per check than a handful.
        anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        # Before the first request, not inside it: reading the stored screening index takes a fraction
        # of a second, building it (no index stored for these lists) seconds. With --workers, a worker
        # listens only once this is done.
        warmed = await anyio.to_thread.run_sync(warm_engines, state.engines, state.reference)
        if warmed:
            logger.info("engines warmed: %s", ", ".join(warmed))
        yield
        state.jobs.shutdown(wait=True)

    app = FastAPI(title="Clearance", version=__version__, lifespan=lifespan,
                  description="Customs and trade-compliance checks with evidence and citations: shipments, "
                  "screening, export controls, duty, classification, risk; users, roles and an audit trail.")
    app.state.service = state
    app.add_middleware(APIBodyLimit)

    app.add_exception_handler(RequestValidationError, _validation_problem)
    app.add_exception_handler(StarletteHTTPException, _http_problem)
    app.add_exception_handler(ClearanceError, _clearance_problem)
    app.include_router(router, prefix="/api/v1")
    install_web(app)
    return app


def app_from_environment() -> FastAPI:
    """The app for a uvicorn worker process: settings from the CLEARANCE_* environment, read when called."""
    return create_app(Settings())

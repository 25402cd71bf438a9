"""``clearance serve``: the REST API on a local port."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from clearance.cli import common


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on; 0.0.0.0 exposes the service to the network.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes, each with its own reference-data caches "
                                         "and its own listening socket (SO_REUSEPORT), so the kernel spreads "
                                         "connections over them. About one per CPU core: checks are CPU-bound.")]
    = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level: critical, error, warning, info, debug.")]
    = "info",
) -> None:
    """Serve the REST API (OpenAPI documentation at /docs) over the configured database and reference data.

    Clients authenticate with an API token ('clearance user add', then 'clearance token create');
    every endpoint checks the caller's role. Put a TLS-terminating proxy in front of it before
    exposing it beyond this machine.
    """
    import uvicorn

    from clearance.service.app import create_app

    settings = common.load_settings()
    if workers == 1:
        with common.guard():
            app = create_app(settings)  # fails here, with a clear message, on a bad configuration
        uvicorn.run(app, host=host, port=port, log_level=log_level)
        return
    from clearance.service.workers import WorkerPool, ensure_port_free
    from clearance.store import open_database

    with common.guard():
        open_database(settings).dispose()  # migrated once here, so the workers do not race to migrate it
        ensure_port_free(host, port)
    logging.basicConfig(level=getattr(logging, log_level.upper(), logging.INFO), format="%(levelname)s:     %(message)s")
    typer.echo(f"Clearance serving on http://{host}:{port} with {workers} worker processes (Press CTRL+C to quit)",
               err=True)
    raise typer.Exit(WorkerPool(settings, host=host, port=port, count=workers, log_level=log_level).run())

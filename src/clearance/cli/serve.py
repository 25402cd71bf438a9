"""``clearance serve``: the REST API on a local port."""

from __future__ import annotations

from typing import Annotated

import typer

from clearance.cli import common


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on; 0.0.0.0 exposes the service to the network.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes; each holds its own reference-data caches. "
                                         "About one per CPU core: checks are CPU-bound.")] = 1,
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

    with common.guard():
        app = create_app(common.load_settings())  # fails here, with a clear message, on a bad configuration
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level=log_level)
    else:  # each worker process builds its own app from the same settings
        uvicorn.run("clearance.service.app:app_from_environment", factory=True, host=host, port=port,
                    workers=workers, log_level=log_level)

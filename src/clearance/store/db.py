"""Opening the database: SQLite file in WAL mode by default, any SQLAlchemy URL otherwise.

The schema is brought up to date with Alembic on open, so a new data directory or an
older database both work without a separate migration step.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from clearance.errors import ConfigurationError
from clearance.settings import Settings


class EncodedJSON(str):
    """A JSON document already encoded (say by pydantic's ``model_dump_json``), for a JSON column:
    stored as it is instead of being decoded and encoded again."""


def _json_serializer(value: object) -> str:
    """The engine's JSON encoder: :class:`EncodedJSON` passes through, anything else is encoded."""
    if isinstance(value, EncodedJSON):
        return str(value)
    return json.dumps(value)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigurationError(f"cannot create data directory {path.parent}: {exc}") from exc
    try:
        engine = sa.create_engine(url, json_serializer=_json_serializer)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise ConfigurationError(f"bad database URL {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migrate(engine: sa.Engine) -> None:
    """Upgrade the schema to the newest Alembic revision."""
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("clearance.store").joinpath("migrations"))
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(settings: Settings) -> sa.Engine:
    engine = create_engine(settings.resolved_database_url())
    migrate(engine)
    return engine


@contextmanager
def transaction(bind: sa.Engine | sa.Connection) -> Iterator[sa.Connection]:
    """A new transaction on an engine, or the caller's own on a connection (the caller commits), so a
    decision and its audit record can be written together."""
    if isinstance(bind, sa.Connection):
        yield bind
    else:
        with bind.begin() as connection:
            yield connection


@contextmanager
def reading(bind: sa.Engine | sa.Connection) -> Iterator[sa.Connection]:
    """A connection to read with: a new one on an engine, or the caller's."""
    if isinstance(bind, sa.Connection):
        yield bind
    else:
        with bind.connect() as connection:
            yield connection


def pages_by_key(connection: sa.Connection, query: sa.Select[Any], key: sa.ColumnElement[Any], *, size: int,
                 descending: bool = False) -> Iterator[sa.Row[Any]]:
    """The rows of ``query`` ordered by the unique column ``key``, read ``size`` at a time, each page
    starting after the last row of the one before (keyset pagination): memory stays bounded however
    many rows there are, and rows inserted meanwhile neither shift nor repeat a page as OFFSET would."""
    last: Any = None
    while True:
        page = query if last is None else query.where(key < last if descending else key > last)
        rows = connection.execute(page.order_by(key.desc() if descending else key).limit(size)).all()
        yield from rows
        if len(rows) < size:
            return
        last = rows[-1]._mapping[key]

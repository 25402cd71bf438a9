"""Server-side web sessions for the workbench.

A session is a random 256-bit id (``secrets.token_urlsafe(32)``) in the ``clearance_session``
cookie (HttpOnly, SameSite=Lax, Secure over https, Path=/). The database keeps only its sha256
hex, so a stolen database yields no usable cookie, with the user's id, the session's CSRF token
(synchronizer token: every form carries it, every POST is checked against it) and its times.
A session lapses after :data:`IDLE` without a request (each request pushes ``expires_at`` back,
never past :data:`ABSOLUTE` after sign-in) and is deleted on sign-out. The user is loaded again on every request, so disabling a user ends
their sessions at once. Times are passed in; nothing here reads the clock.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from clearance.service.users import User, get_user_by_id
from clearance.store.fields import as_utc, aware_utc
from clearance.store.schema import web_session

COOKIE = "clearance_session"
#: Idle timeout: a session unused this long is refused (and deleted when next seen).
IDLE = timedelta(hours=8)
#: However active, a session ends this long after sign-in (OWASP Session Management: an absolute
#: timeout as well as the idle one), so a stolen cookie cannot be kept alive indefinitely.
ABSOLUTE = timedelta(hours=12)


@dataclass(frozen=True)
class Session:
    """A live session: its user (as loaded for this request) and its CSRF token."""

    id_hash: str
    user: User
    csrf_token: str
    created_at: datetime
    expires_at: datetime


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A random 256-bit URL-safe token (session ids and CSRF tokens)."""
    return secrets.token_urlsafe(32)


def same_token(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; false when either is missing."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def create_session(engine: sa.Engine | sa.Connection, user: User, *, at: datetime,
                   idle: timedelta = IDLE) -> tuple[str, Session]:
    """A new session for ``user``: the cookie's value (returned once, never stored) and the session."""
    at = aware_utc(at)
    session_id = new_token()
    session = Session(_hash(session_id), user, new_token(), at, at + idle)
    values = {"id_hash": session.id_hash, "user_id": user.id, "csrf_token": session.csrf_token,
              "created_at": at, "last_seen_at": at, "expires_at": session.expires_at}
    if isinstance(engine, sa.Connection):
        engine.execute(web_session.insert().values(**values))
    else:
        with engine.begin() as connection:
            connection.execute(web_session.insert().values(**values))
    return session_id, session


def load_session(engine: sa.Engine, session_id: str | None, *, at: datetime,
                 idle: timedelta = IDLE) -> Session | None:
    """The live session this cookie value names, its expiry pushed back; None when it is unknown,
    expired (then deleted) or its user is gone or disabled."""
    if not session_id or len(session_id) > 200:
        return None
    at = aware_utc(at)
    id_hash = _hash(session_id)
    with engine.begin() as connection:
        row = connection.execute(sa.select(web_session).where(web_session.c.id_hash == id_hash)).first()
        if row is None:
            return None
        ends = as_utc(row.created_at) + ABSOLUTE
        if as_utc(row.expires_at) <= at or ends <= at:
            connection.execute(web_session.delete().where(web_session.c.id_hash == id_hash))
            return None
        user = get_user_by_id(connection, row.user_id)
        if user is None or user.disabled:
            return None
        expires = min(at + idle, ends)
        connection.execute(web_session.update().where(web_session.c.id_hash == id_hash)
                           .values(last_seen_at=at, expires_at=expires))
    return Session(id_hash, user, row.csrf_token, as_utc(row.created_at), expires)


def delete_session(engine: sa.Engine | sa.Connection, session: Session) -> None:
    """End a session (sign-out)."""
    statement = web_session.delete().where(web_session.c.id_hash == session.id_hash)
    if isinstance(engine, sa.Connection):
        engine.execute(statement)
    else:
        with engine.begin() as connection:
            connection.execute(statement)


def delete_expired(engine: sa.Engine, *, at: datetime) -> int:
    """Remove every lapsed session; how many were removed."""
    with engine.begin() as connection:
        at = aware_utc(at)
        lapsed = sa.or_(web_session.c.expires_at <= at, web_session.c.created_at <= at - ABSOLUTE)
        return connection.execute(web_session.delete().where(lapsed)).rowcount

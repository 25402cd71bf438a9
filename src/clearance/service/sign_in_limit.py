"""Throttling of web sign-ins: after :data:`MAX_FAILURES` failed sign-ins for one username within
:data:`WINDOW`, further attempts for that username are refused, without checking the password,
until the oldest of those failures is :data:`WINDOW` old.

This bounds online password guessing (NIST SP 800-63B §5.2.2 asks verifiers to limit failed
attempts; OWASP's Authentication Cheat Sheet suggests a lockout that expires by itself). A
refused attempt is not counted as a failure, so the lock always ends :data:`WINDOW` after the
failures that caused it, and a correct password while locked does not sign in. A username is
counted whether or not such a user exists, so the answer does not reveal which names exist. A
successful sign-in clears the username's failures. Failures older than the window are deleted
whenever a new one is recorded, so the table holds at most the current window's.

Times are passed in; nothing here reads the clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from clearance.service.users import normalize_username
from clearance.store.db import reading, transaction
from clearance.store.fields import as_utc, aware_utc
from clearance.store.schema import sign_in_failure

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
_NAME_LENGTH = 64  # the column's width; longer names are no user's and are counted by their prefix


def _name(username: str) -> str:
    return normalize_username(username)[:_NAME_LENGTH]


def locked_until(bind: sa.Engine | sa.Connection, username: str, *, at: datetime) -> datetime | None:
    """When sign-ins for ``username`` are allowed again, or None when they are allowed now."""
    at = aware_utc(at)
    recent = (sa.select(sign_in_failure.c.at)
              .where(sign_in_failure.c.username == _name(username), sign_in_failure.c.at > at - WINDOW)
              .order_by(sign_in_failure.c.at.desc()).limit(MAX_FAILURES))
    with reading(bind) as connection:
        times = [as_utc(moment) for moment in connection.execute(recent).scalars()]
    if len(times) < MAX_FAILURES:
        return None
    return times[-1] + WINDOW


def record_failure(bind: sa.Engine | sa.Connection, username: str, *, at: datetime) -> None:
    """Count a failed sign-in for ``username`` (and forget failures older than the window)."""
    at = aware_utc(at)
    with transaction(bind) as connection:
        connection.execute(sign_in_failure.delete().where(sign_in_failure.c.at <= at - WINDOW))
        connection.execute(sign_in_failure.insert(), {"username": _name(username), "at": at})


def clear_failures(bind: sa.Engine | sa.Connection, username: str) -> None:
    """Forget ``username``'s failures (after a successful sign-in)."""
    with transaction(bind) as connection:
        connection.execute(sign_in_failure.delete().where(sign_in_failure.c.username == _name(username)))

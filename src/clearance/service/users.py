"""Users, roles and API tokens.

Four roles, each a fixed set of permissions (:data:`PERMISSIONS`): an *admin* may do everything;
a *compliance officer* reads, checks, records screening dispositions and approves classifications
and overrides; a *broker* reads and checks; an *auditor* only reads (the audit trail included).
Every endpoint and page names the permission it needs and asks :meth:`User.can`.

Passwords are hashed with argon2id (argon2-cffi's :class:`~argon2.PasswordHasher` with its
defaults, RFC 9106's second recommended option) and re-hashed on login when those defaults have
changed. Authentication failures say only "invalid username or password", whether the user is
unknown, the password wrong or the account disabled; an unknown user costs as much time as a
known one (a dummy hash is verified). API tokens (``clr_`` + 43 URL-safe characters, 256 bits)
are shown once and stored only as their sha256: a stolen database yields no usable token.

Usernames are stored lower-case (``Kim`` and ``kim`` are one user): 3 to 64 characters of
``a-z 0-9 . _ -``. Passwords have at least 12 characters (NIST SP 800-63B 3.1.1.2 asks for 8 at
least, 15 for single-factor; 12 is this project's floor).

Changes take ``at`` (timezone-aware) and, when ``actor`` is given, append their audit record
(``user.added``, ``user.disabled``, ``user.enabled``, ``token.created``, ``token.revoked``) in
the same transaction. Each function takes an :class:`~sqlalchemy.Engine` (its own transaction)
or a :class:`~sqlalchemy.Connection` (the caller's transaction; the caller commits).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache
from types import MappingProxyType

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from clearance.errors import ClearanceError, InputError, InputProblem
from clearance.service import audit
from clearance.store.db import reading, transaction
from clearance.store.fields import as_utc, aware_utc, checked_text
from clearance.store.schema import api_token, app_user


class Role(StrEnum):
    ADMIN = "admin"
    COMPLIANCE_OFFICER = "compliance_officer"
    BROKER = "broker"
    AUDITOR = "auditor"


class Permission(StrEnum):
    READ = "read"  # shipments, reports, findings, jobs, reference-data status, audit trail, dashboards
    CHECK = "check"  # submit shipments for checking (sync and batch jobs), classify, duty, screen, export-control
    DISPOSE = "dispose"  # screening dispositions (true match / false positive)
    APPROVE = "approve"  # classification approvals, overrides
    ADMIN = "admin"  # users, tokens, reference-data updates, audit prune


#: What each role may do.
PERMISSIONS: Mapping[Role, frozenset[Permission]] = MappingProxyType({
    Role.ADMIN: frozenset(Permission),
    Role.COMPLIANCE_OFFICER: frozenset({Permission.READ, Permission.CHECK, Permission.DISPOSE, Permission.APPROVE}),
    Role.BROKER: frozenset({Permission.READ, Permission.CHECK}),
    Role.AUDITOR: frozenset({Permission.READ}),
})

USERNAME = re.compile(r"[a-z0-9._-]{3,64}")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # hashing is deliberately slow; a megabyte "password" should not be
TOKEN_PREFIX = "clr_"
_MAX_LENGTH = {"display_name": 200, "name": 120}
_BAD_LOGIN = "invalid username or password"
_BAD_TOKEN = "invalid or revoked API token"


class AuthError(ClearanceError):
    """Authentication failed: bad credentials, a disabled user, an unknown or revoked token.

    The message never says which part was wrong; ``reason`` does, for the server's own log:
    ``unknown_user``, ``bad_password``, ``disabled``, ``bad_token``, ``revoked``.
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: Role
    display_name: str
    disabled: bool

    def can(self, permission: Permission) -> bool:
        """Whether this user's role grants ``permission`` (a disabled user may do nothing)."""
        return not self.disabled and permission in PERMISSIONS[self.role]


@dataclass(frozen=True)
class ApiToken:
    """An API token as stored (never its text)."""

    id: int
    username: str
    name: str
    created_at: datetime
    revoked_at: datetime | None


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_urlsafe(16))


def _user(row: sa.Row) -> User:
    return User(id=row.id, username=row.username, role=Role(row.role), display_name=row.display_name,
                disabled=bool(row.disabled))






def normalize_username(username: str) -> str:
    """The stored form of a username: stripped and lower-case."""
    return (username or "").strip().lower()


def _row(connection: sa.Connection, username: str) -> sa.Row | None:
    return connection.execute(sa.select(app_user).where(app_user.c.username == normalize_username(username))).first()


def _existing(connection: sa.Connection, username: str, source: str) -> sa.Row:
    row = _row(connection, username)
    if row is None:
        raise InputError(source, [InputProblem("username", "username", f"no user '{normalize_username(username)}'")])
    return row


# --- users -----------------------------------------------------------------------------------

def add_user(engine: sa.Engine | sa.Connection, username: str, password: str, role: Role | str, *,
             display_name: str = "", at: datetime, actor: str | None = None) -> User:
    """Add a user; return it. Every problem is reported at once as an :class:`InputError`: a
    username taken (in any case) or not 3 to 64 characters of ``a-z 0-9 . _ -``, a password
    shorter than 12 characters, an unknown role, a display name with control characters."""
    at = aware_utc(at)
    problems: list[InputProblem] = []
    name = normalize_username(username)
    if not USERNAME.fullmatch(name):
        problems.append(InputProblem("username", "username", f"'{username}' is not 3 to 64 characters of "
                                     "a-z, 0-9, '.', '_' and '-'"))
    if len(password or "") < MIN_PASSWORD:
        problems.append(InputProblem("password", "password", f"must have at least {MIN_PASSWORD} characters"))
    elif len(password) > MAX_PASSWORD:
        problems.append(InputProblem("password", "password", f"must have at most {MAX_PASSWORD} characters"))
    chosen: Role | None = None
    try:
        chosen = Role(role)
    except ValueError:
        problems.append(InputProblem("role", "role", f"'{role}' is not a role; use one of "
                                     f"{', '.join(r.value for r in Role)}"))
    shown = checked_text(problems, "display_name", display_name, required=False, max_length=_MAX_LENGTH) or ""
    taken = InputProblem("username", "username", f"user '{name}' already exists")
    try:
        with transaction(engine) as connection:
            if USERNAME.fullmatch(name) and _row(connection, name) is not None:
                problems.append(taken)
            if problems:
                raise InputError("user", problems)
            assert chosen is not None
            values = {"username": name, "display_name": shown, "role": chosen.value,
                      "password_hash": _hasher().hash(password), "disabled": False, "created_at": at}
            user_id = connection.execute(app_user.insert().values(**values)).inserted_primary_key[0]
            user = User(id=user_id, username=name, role=chosen, display_name=shown, disabled=False)
            if actor is not None:
                audit.record(connection, actor=actor, action="user.added", subject=f"user:{name}",
                             detail={"username": name, "role": chosen.value, "display_name": shown}, at=at)
    except sa.exc.IntegrityError:  # added by someone else since we looked (a caller's transaction is now void)
        raise InputError("user", [taken]) from None
    return user


def authenticate(engine: sa.Engine | sa.Connection, username: str, password: str) -> User:
    """The user these credentials name; :class:`AuthError` ("invalid username or password")
    when the user is unknown, the password wrong or the account disabled. Re-hashes the password
    when argon2's parameters have changed since it was hashed."""
    hasher = _hasher()
    with reading(engine) as connection:
        row = _row(connection, username)
    if row is None:
        try:
            hasher.verify(_dummy_hash(), password or "")
        except VerificationError:
            pass
        raise AuthError(_BAD_LOGIN, "unknown_user")
    try:
        hasher.verify(row.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        raise AuthError(_BAD_LOGIN, "bad_password") from None
    if row.disabled:
        raise AuthError(_BAD_LOGIN, "disabled")
    if hasher.check_needs_rehash(row.password_hash):
        with transaction(engine) as connection:
            connection.execute(app_user.update().where(app_user.c.id == row.id,
                                                       app_user.c.password_hash == row.password_hash)
                               .values(password_hash=hasher.hash(password)))
    return _user(row)


def get_user(engine: sa.Engine | sa.Connection, username: str) -> User | None:
    with reading(engine) as connection:
        row = _row(connection, username)
    return _user(row) if row is not None else None


def get_user_by_id(engine: sa.Engine | sa.Connection, user_id: int) -> User | None:
    """The user with this id (a web session keeps the id and asks again on every request)."""
    with reading(engine) as connection:
        row = connection.execute(sa.select(app_user).where(app_user.c.id == user_id)).first()
    return _user(row) if row is not None else None


def list_users(engine: sa.Engine | sa.Connection) -> list[User]:
    """Every user, by username."""
    with reading(engine) as connection:
        return [_user(row) for row in connection.execute(sa.select(app_user).order_by(app_user.c.username))]


def set_disabled(engine: sa.Engine | sa.Connection, username: str, disabled: bool, *, at: datetime,
                 actor: str | None = None) -> User:
    """Disable (or enable again) a user; :class:`InputError` for an unknown one. A disabled user
    cannot log in, and their API tokens are refused."""
    at = aware_utc(at)
    with transaction(engine) as connection:
        row = _existing(connection, username, "user")
        if bool(row.disabled) != disabled:
            connection.execute(app_user.update().where(app_user.c.id == row.id)
                               .values(disabled=disabled, disabled_at=at if disabled else None))
            if actor is not None:
                audit.record(connection, actor=actor, action="user.disabled" if disabled else "user.enabled",
                             subject=f"user:{row.username}", detail={"username": row.username}, at=at)
        return User(id=row.id, username=row.username, role=Role(row.role), display_name=row.display_name,
                    disabled=disabled)


# --- API tokens ------------------------------------------------------------------------------

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(engine: sa.Engine | sa.Connection, username: str, name: str, *, at: datetime,
                 actor: str | None = None) -> str:
    """A new API token for an enabled user, named ``name`` (what it is for). The token's text is
    returned once and never stored: only its sha256."""
    at = aware_utc(at)
    problems: list[InputProblem] = []
    label = checked_text(problems, "name", name, required=True, max_length=_MAX_LENGTH)
    with transaction(engine) as connection:
        row = _row(connection, username)
        if row is None:
            problems.append(InputProblem("username", "username", f"no user '{normalize_username(username)}'"))
        elif row.disabled:
            problems.append(InputProblem("username", "username", f"user '{row.username}' is disabled"))
        if problems:
            raise InputError("token", problems)
        assert row is not None
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token_id = connection.execute(api_token.insert().values(
            user_id=row.id, name=label, token_hash=_token_hash(token), created_at=at)).inserted_primary_key[0]
        if actor is not None:
            audit.record(connection, actor=actor, action="token.created", subject=f"user:{row.username}",
                         detail={"username": row.username, "token_id": token_id, "name": label}, at=at)
    return token


def user_for_token(engine: sa.Engine | sa.Connection, token: str) -> User:
    """The user an API token belongs to; :class:`AuthError` when the token is unknown or revoked,
    or its user disabled."""
    text = (token or "").strip()
    if not text.startswith(TOKEN_PREFIX) or len(text) > 200:
        raise AuthError(_BAD_TOKEN, "bad_token")
    statement = (sa.select(app_user, api_token.c.revoked_at)
                 .join(api_token, api_token.c.user_id == app_user.c.id)
                 .where(api_token.c.token_hash == _token_hash(text)))
    with reading(engine) as connection:
        row = connection.execute(statement).first()
    if row is None:
        raise AuthError(_BAD_TOKEN, "bad_token")
    if row.revoked_at is not None:
        raise AuthError(_BAD_TOKEN, "revoked")
    if row.disabled:
        raise AuthError(_BAD_TOKEN, "disabled")
    return _user(row)


def list_tokens(engine: sa.Engine | sa.Connection, username: str | None = None) -> list[ApiToken]:
    """API tokens (never their text), oldest first; only one user's when ``username`` is given."""
    statement = (sa.select(api_token, app_user.c.username).join(app_user, api_token.c.user_id == app_user.c.id)
                 .order_by(api_token.c.id))
    if username is not None:
        statement = statement.where(app_user.c.username == normalize_username(username))
    with reading(engine) as connection:
        return [ApiToken(id=row.id, username=row.username, name=row.name, created_at=as_utc(row.created_at),
                         revoked_at=as_utc(row.revoked_at) if row.revoked_at is not None else None)
                for row in connection.execute(statement)]


def revoke_token(engine: sa.Engine | sa.Connection, token_id: int, *, at: datetime, actor: str | None = None) -> None:
    """Revoke an API token for good; :class:`InputError` for an unknown id. Revoking a revoked
    token changes nothing (its first revocation time stays)."""
    at = aware_utc(at)
    with transaction(engine) as connection:
        row = connection.execute(sa.select(api_token.c.revoked_at, app_user.c.username)
                                 .join(app_user, api_token.c.user_id == app_user.c.id)
                                 .where(api_token.c.id == token_id)).first()
        if row is None:
            raise InputError("token", [InputProblem("token_id", "token_id", f"no API token {token_id}")])
        if row.revoked_at is not None:
            return
        connection.execute(api_token.update().where(api_token.c.id == token_id).values(revoked_at=at))
        if actor is not None:
            audit.record(connection, actor=actor, action="token.revoked", subject=f"user:{row.username}",
                         detail={"username": row.username, "token_id": token_id}, at=at)

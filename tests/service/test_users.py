"""Users, roles and API tokens: argon2id passwords, one message for every failed login, tokens stored hashed."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from argon2 import PasswordHasher

from clearance.errors import InputError
from clearance.service.audit import records, verify
from clearance.service.users import (
    PERMISSIONS,
    AuthError,
    Permission,
    Role,
    add_user,
    authenticate,
    create_token,
    get_user,
    get_user_by_id,
    list_tokens,
    list_users,
    revoke_token,
    set_disabled,
    user_for_token,
)
from clearance.store import open_database
from clearance.store.schema import api_token, app_user
from tests.store.migrations import alembic_config

AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def engine(db_settings):
    engine = open_database(db_settings)
    yield engine
    engine.dispose()


def _add(engine, username="kim", role=Role.BROKER, **kwargs):
    return add_user(engine, username, PASSWORD, role, at=AT, **kwargs)


def _stored_hash(engine, username="kim") -> str:
    with engine.connect() as connection:
        return connection.execute(sa.select(app_user.c.password_hash).where(app_user.c.username == username)).scalar()


# --- users and passwords ---------------------------------------------------------------------

def test_add_and_authenticate(engine):
    user = _add(engine, "Kim.Lee", display_name="Kim Lee")
    assert (user.username, user.role, user.display_name, user.disabled) == ("kim.lee", Role.BROKER, "Kim Lee", False)
    assert authenticate(engine, "KIM.LEE", PASSWORD) == user
    assert get_user(engine, " kim.lee ") == user and get_user_by_id(engine, user.id) == user
    assert get_user(engine, "nobody") is None and get_user_by_id(engine, 999) is None
    assert _stored_hash(engine, "kim.lee").startswith("$argon2id$")
    assert PASSWORD not in _stored_hash(engine, "kim.lee")
    assert [u.username for u in list_users(engine)] == ["kim.lee"]


def test_wrong_password_and_unknown_user_get_the_same_message(engine):
    _add(engine)
    with pytest.raises(AuthError) as wrong:
        authenticate(engine, "kim", PASSWORD + "!")
    with pytest.raises(AuthError) as unknown:
        authenticate(engine, "lee", PASSWORD)
    with pytest.raises(AuthError) as empty:
        authenticate(engine, "kim", "")
    assert str(wrong.value) == str(unknown.value) == str(empty.value) == "invalid username or password"
    assert (wrong.value.reason, unknown.value.reason) == ("bad_password", "unknown_user")  # for the server log only


def test_disabled_user_is_refused_until_enabled(engine):
    _add(engine)
    assert set_disabled(engine, "KIM", True, at=AT).disabled
    with pytest.raises(AuthError, match="^invalid username or password$") as caught:
        authenticate(engine, "kim", PASSWORD)
    assert caught.value.reason == "disabled"
    assert get_user(engine, "kim").disabled
    assert not set_disabled(engine, "kim", False, at=AT).disabled
    assert authenticate(engine, "kim", PASSWORD).username == "kim"
    with pytest.raises(InputError, match="no user 'lee'"):
        set_disabled(engine, "lee", True, at=AT)


def test_duplicate_username_in_any_case_is_refused(engine):
    _add(engine, "kim")
    with pytest.raises(InputError, match="user 'kim' already exists"):
        _add(engine, "KIM", role=Role.ADMIN)
    assert len(list_users(engine)) == 1


def test_every_problem_of_a_new_user_is_reported_at_once(engine):
    with pytest.raises(InputError) as caught:
        add_user(engine, "k!", "short pass", "superuser", display_name="bad\x07name", at=AT)
    assert [p.field for p in caught.value.problems] == ["username", "password", "role", "display_name"]
    assert "at least 12 characters" in str(caught.value)
    with pytest.raises(InputError, match="at least 12 characters"):
        add_user(engine, "kim", "x" * 11, Role.BROKER, at=AT)
    add_user(engine, "kim", "x" * 12, "broker", at=AT)  # 12 is enough; a role given as text is fine
    assert list_users(engine)[0].role is Role.BROKER
    with pytest.raises(ValueError, match="timezone-aware"):
        add_user(engine, "lee", PASSWORD, Role.BROKER, at=datetime(2026, 3, 1))


def test_no_rehash_when_the_parameters_are_current(engine):
    _add(engine)
    before = _stored_hash(engine)
    authenticate(engine, "kim", PASSWORD)
    assert _stored_hash(engine) == before


def test_rehash_when_the_parameters_are_old(engine):
    _add(engine)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with engine.begin() as connection:
        connection.execute(app_user.update().values(password_hash=weak))
    authenticate(engine, "kim", PASSWORD)
    upgraded = _stored_hash(engine)
    assert upgraded != weak and not PasswordHasher().check_needs_rehash(upgraded)
    assert authenticate(engine, "kim", PASSWORD).username == "kim"


def test_a_corrupt_stored_hash_refuses_the_login(engine):
    _add(engine)
    with engine.begin() as connection:
        connection.execute(app_user.update().values(password_hash="not a hash"))
    with pytest.raises(AuthError, match="^invalid username or password$"):
        authenticate(engine, "kim", PASSWORD)


def test_changes_with_an_actor_are_audited_in_the_same_transaction(engine):
    _add(engine, "kim", actor="admin")
    _add(engine, "lee")  # no actor: no record
    set_disabled(engine, "kim", True, at=AT, actor="admin")
    set_disabled(engine, "kim", True, at=AT, actor="admin")  # no change: no record
    set_disabled(engine, "kim", False, at=AT, actor="admin")
    create_token(engine, "kim", "erp", at=AT, actor="admin")
    revoke_token(engine, 1, at=AT, actor="admin")
    trail = records(engine)
    assert [(r.action, r.subject, r.actor) for r in reversed(trail)] == [
        ("user.added", "user:kim", "admin"), ("user.disabled", "user:kim", "admin"),
        ("user.enabled", "user:kim", "admin"), ("token.created", "user:kim", "admin"),
        ("token.revoked", "user:kim", "admin")]
    assert trail[-1].detail == {"username": "kim", "role": "broker", "display_name": ""}
    assert trail[1].detail == {"username": "kim", "token_id": 1, "name": "erp"}  # never the token
    assert verify(engine).ok


def test_an_audit_record_that_fails_undoes_the_change(engine):
    with pytest.raises(InputError, match="actor"):
        _add(engine, "kim", actor="   ")
    assert list_users(engine) == []


# --- roles -----------------------------------------------------------------------------------

def _user(engine, role: Role):
    return _add(engine, f"u-{role.value}", role=role)


def test_admin_may_do_everything(engine):
    admin = _user(engine, Role.ADMIN)
    assert all(admin.can(p) for p in Permission)


def test_compliance_officer_decides_but_does_not_administer(engine):
    officer = _user(engine, Role.COMPLIANCE_OFFICER)
    for allowed in (Permission.READ, Permission.CHECK, Permission.DISPOSE, Permission.APPROVE):
        assert officer.can(allowed)
    assert not officer.can(Permission.ADMIN)


def test_broker_reads_and_checks_only(engine):
    broker = _user(engine, Role.BROKER)
    assert broker.can(Permission.READ) and broker.can(Permission.CHECK)
    for refused in (Permission.DISPOSE, Permission.APPROVE, Permission.ADMIN):
        assert not broker.can(refused)


def test_auditor_only_reads(engine):
    auditor = _user(engine, Role.AUDITOR)
    assert auditor.can(Permission.READ)
    for refused in (Permission.CHECK, Permission.DISPOSE, Permission.APPROVE, Permission.ADMIN):
        assert not auditor.can(refused)


def test_a_disabled_user_may_do_nothing(engine):
    _user(engine, Role.ADMIN)
    disabled = set_disabled(engine, "u-admin", True, at=AT)
    assert not any(disabled.can(p) for p in Permission)


def test_every_role_has_its_permissions_and_the_map_is_read_only():
    assert set(PERMISSIONS) == set(Role)
    with pytest.raises(TypeError):
        PERMISSIONS[Role.BROKER] = frozenset(Permission)  # type: ignore[index]


# --- API tokens ------------------------------------------------------------------------------

def test_token_resolves_to_its_user_and_is_stored_only_hashed(engine):
    user = _add(engine)
    token = create_token(engine, "KIM", "erp-integration", at=AT)
    assert token.startswith("clr_") and len(token) == 4 + 43
    assert user_for_token(engine, token) == user
    assert user_for_token(engine, f"  {token}\n") == user
    with engine.connect() as connection:
        rows = [tuple(r) for r in connection.execute(sa.select(api_token))]
    assert len(rows) == 1 and token not in repr(rows) and token[4:] not in repr(rows)
    assert hashlib.sha256(token.encode()).hexdigest() in rows[0]
    [listed] = list_tokens(engine)
    assert (listed.username, listed.name, listed.created_at, listed.revoked_at) == ("kim", "erp-integration", AT, None)
    assert create_token(engine, "kim", "second", at=AT) != token


def test_unknown_and_malformed_tokens_are_refused(engine):
    _add(engine)
    create_token(engine, "kim", "erp", at=AT)
    for bad in ("", "clr_" + "x" * 43, "Bearer clr_abc", "x" * 5000):
        with pytest.raises(AuthError, match="^invalid or revoked API token$"):
            user_for_token(engine, bad)


def test_revoked_token_is_refused(engine):
    _add(engine)
    token = create_token(engine, "kim", "erp", at=AT)
    [listed] = list_tokens(engine, "kim")
    revoke_token(engine, listed.id, at=AT)
    revoke_token(engine, listed.id, at=datetime(2027, 1, 1, tzinfo=UTC))  # again: nothing changes
    with pytest.raises(AuthError, match="^invalid or revoked API token$") as caught:
        user_for_token(engine, token)
    assert caught.value.reason == "revoked"
    assert list_tokens(engine)[0].revoked_at == AT
    with pytest.raises(InputError, match="no API token 99"):
        revoke_token(engine, 99, at=AT)


def test_a_disabled_users_tokens_are_refused(engine):
    _add(engine)
    token = create_token(engine, "kim", "erp", at=AT)
    set_disabled(engine, "kim", True, at=AT)
    with pytest.raises(AuthError, match="^invalid or revoked API token$"):
        user_for_token(engine, token)
    with pytest.raises(InputError, match="user 'kim' is disabled"):
        create_token(engine, "kim", "another", at=AT)
    set_disabled(engine, "kim", False, at=AT)
    assert user_for_token(engine, token).username == "kim"


def test_token_needs_a_user_and_a_name(engine):
    with pytest.raises(InputError) as caught:
        create_token(engine, "nobody", " ", at=AT)
    assert [p.field for p in caught.value.problems] == ["name", "username"]
    assert list_tokens(engine) == [] and list_tokens(engine, "nobody") == []


# --- migration -------------------------------------------------------------------------------

def test_migration_0006_matches_the_schema_and_downgrades(engine):
    from clearance.store.schema import audit_anchor, audit_record

    inspector = sa.inspect(engine)
    for table in (app_user, api_token, audit_record, audit_anchor):
        assert [c["name"] for c in inspector.get_columns(table.name)] == [c.name for c in table.columns]
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0005")
    tables = set(sa.inspect(engine).get_table_names())
    assert not tables & {"app_user", "api_token", "audit_record", "audit_anchor"} and "report_record" in tables
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    assert {"app_user", "api_token", "audit_record", "audit_anchor"} <= set(sa.inspect(engine).get_table_names())

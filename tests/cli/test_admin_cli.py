"""``clearance user|token|audit``: users added without a password on the command line, tokens shown once,
the audit chain verified (and a record altered in the SQLite file detected)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.cli import app

RUNNER = CliRunner()
PASSWORD = "correct horse battery"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"CLEARANCE_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}


def _run(env, *args: str, input: str | None = None):
    return RUNNER.invoke(app, list(args), env=env, input=input)


def _add(env, username: str = "kim", role: str = "broker"):
    return _run(env, "user", "add", username, "--role", role, "--name", "Kim Lee", "--password-stdin",
                "--actor", "root", input=PASSWORD + "\n")


def test_user_add_list_and_disable(env):
    result = _add(env, "Kim")
    assert result.exit_code == 0, result.output
    assert "user 'kim' added with role broker" in result.output and PASSWORD not in result.output
    listed = _run(env, "user", "list", "--json")
    assert json.loads(listed.output) == [{"id": 1, "username": "kim", "role": "broker", "display_name": "Kim Lee",
                                         "disabled": False}]
    assert "kim" in _run(env, "user", "list").output
    assert _run(env, "user", "disable", "kim").exit_code == 0
    assert json.loads(_run(env, "user", "list", "--json").output)[0]["disabled"] is True
    assert _run(env, "user", "enable", "KIM").exit_code == 0
    actions = [r["action"] for r in json.loads(_run(env, "audit", "list", "--json").output)]
    assert actions == ["user.enabled", "user.disabled", "user.added"]


def test_user_add_prompts_twice_for_a_hidden_password(env):
    result = _run(env, "user", "add", "lee", "--role", "auditor", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden
    from clearance.service.users import authenticate
    from clearance.settings import Settings
    from clearance.store import open_database

    engine = open_database(Settings(data_dir=Path(env["CLEARANCE_DATA_DIR"])))
    assert authenticate(engine, "lee", PASSWORD).role.value == "auditor"
    assert json.loads(_run(env, "audit", "list", "--json").output)[0]["actor"].startswith("cli")


def test_user_add_bad_input_exits_2(env):
    assert _add(env).exit_code == 0
    duplicate = _add(env, "KIM")
    assert duplicate.exit_code == 2 and "already exists" in duplicate.output
    short = _run(env, "user", "add", "lee", "--role", "broker", "--password-stdin", input="short\n")
    assert short.exit_code == 2 and "at least 12 characters" in short.output
    assert _run(env, "user", "add", "lee", "--role", "king", "--password-stdin", input=PASSWORD).exit_code == 2
    assert _run(env, "user", "disable", "nobody").exit_code == 2


def test_token_create_list_and_revoke(env):
    _add(env)
    result = _run(env, "token", "create", "kim", "--name", "erp")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith("clr_") and "not shown again" in result.stderr
    from clearance.service.users import AuthError, user_for_token
    from clearance.settings import Settings
    from clearance.store import open_database

    engine = open_database(Settings(data_dir=Path(env["CLEARANCE_DATA_DIR"])))
    assert user_for_token(engine, token).username == "kim"
    listed = json.loads(_run(env, "token", "list", "--user", "kim", "--json").output)
    assert [(t["id"], t["name"], t["revoked_at"]) for t in listed] == [(1, "erp", None)]
    assert token not in _run(env, "token", "list").output
    assert _run(env, "token", "revoke", "1").exit_code == 0
    with pytest.raises(AuthError):
        user_for_token(engine, token)
    assert _run(env, "token", "revoke", "7").exit_code == 2
    assert _run(env, "token", "create", "nobody", "--name", "x").exit_code == 2


def test_audit_verify_detects_a_record_altered_in_the_sqlite_file(env):
    _add(env, "kim")
    _add(env, "lee")
    _run(env, "token", "create", "kim", "--name", "erp")
    ok = _run(env, "audit", "verify")
    assert ok.exit_code == 0, ok.output
    assert "audit trail intact: 3 record(s); head record 3" in ok.output
    database = Path(env["CLEARANCE_DATA_DIR"]) / "clearance.db"
    with sqlite3.connect(database) as connection:
        connection.execute("""UPDATE audit_record SET detail = '{"username": "lee", "role": "admin"}' WHERE id = 2""")
    bad = _run(env, "audit", "verify")
    assert bad.exit_code == 1
    assert "record 2 altered: its content does not match its hash" in bad.output
    report = json.loads(_run(env, "audit", "verify", "--json").output)
    assert report["ok"] is False and report["records"] == 3 and len(report["problems"]) == 1
    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM audit_record WHERE id = 1")
    deleted = _run(env, "audit", "verify")
    assert deleted.exit_code == 1 and "record 1 is missing (deleted)" in deleted.output
    # pruning a chain that does not verify is refused: exit 3, nothing deleted
    refused = _run(env, "audit", "prune", "--before", "2099-01-01", "--force", "--actor", "admin")
    assert refused.exit_code == 3 and "does not verify" in refused.output


def test_audit_prune_respects_the_retention_period(env):
    _add(env)
    inside = _run(env, "audit", "prune", "--before", (datetime.now(UTC).date() - timedelta(days=30)).isoformat(),
                  "--actor", "admin")
    assert inside.exit_code == 2 and "5-year retention period" in inside.output
    assert _run(env, "audit", "prune", "--before", "yesterday", "--actor", "admin").exit_code == 2
    old = _run(env, "audit", "prune", "--before", "2001-01-01", "--actor", "admin")
    assert old.exit_code == 0 and "0 audit record(s)" in old.output
    tomorrow = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
    forced = _run(env, "audit", "prune", "--before", tomorrow, "--force", "--actor", "admin")
    assert forced.exit_code == 0 and "2 audit record(s)" in forced.output
    verified = _run(env, "audit", "verify")
    assert verified.exit_code == 0 and "pruned up to record 2" in verified.output
    [pruned] = json.loads(_run(env, "audit", "list", "--json").output)
    assert (pruned["action"], pruned["actor"], pruned["detail"]["count"]) == ("audit.pruned", "admin", 2)

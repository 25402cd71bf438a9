"""``clearance user|token|audit ...``: users and roles, API tokens, and the audit trail.

Every change here (a user added, disabled or enabled, a token created or revoked, records
pruned) appends its audit record in the same transaction. ``--actor`` names who did it; it
defaults to ``cli:`` and the operating-system user running the command.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from clearance.cli.common import EXIT_FINDINGS, guard, load_settings, os_actor, parse_date, stderr, stdout
from clearance.service.users import Role

user_app = typer.Typer(help="Users of the web workbench and API, and their roles (admin, compliance_officer, "
                       "broker, auditor).", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for machines: created for a user, shown once, stored only hashed.",
                        no_args_is_help=True)
audit_app = typer.Typer(help="The audit trail: verify its hash chain, list records, prune past the retention "
                        "period (5 years, 19 CFR 163.4).", no_args_is_help=True)


def _os_actor() -> str:
    return os_actor()


ActorOption = Annotated[str | None, typer.Option("--actor", help="Who is doing this, for the audit trail "
                                                 "(default: cli:<operating-system user>).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _engine() -> Any:
    from clearance.store import open_database

    return open_database(load_settings())


def _now() -> datetime:
    return datetime.now(UTC)


def _password_from_stdin() -> str:
    line = sys.stdin.readline()
    return line.removesuffix("\n").removesuffix("\r")


# --- users -----------------------------------------------------------------------------------

def user_add(
    username: Annotated[str, typer.Argument(help="3 to 64 characters of a-z 0-9 . _ - (stored lower-case).")],
    role: Annotated[Role, typer.Option(help="What the user may do: admin (everything), compliance_officer "
                                       "(check, dispositions, approvals), broker (check), auditor (read only).")],
    name: Annotated[str, typer.Option("--name", help="Display name.")] = "",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from the first "
                                                 "line of standard input instead of prompting.")] = False,
    actor: ActorOption = None,
) -> None:
    """Add a user. The password (at least 12 characters) is prompted for twice, hidden, or read
    from standard input with --password-stdin; it is never a command-line argument."""
    from clearance.service.users import add_user

    with guard():
        if password_stdin:
            password = _password_from_stdin()
        else:
            password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        user = add_user(_engine(), username, password, role, display_name=name, at=_now(),
                        actor=actor or _os_actor())
    stdout().print(f"user '{user.username}' added with role {user.role.value}", markup=False)


def user_list(as_json: JsonOption = False) -> None:
    """List the users with their roles and whether they are disabled."""
    from clearance.service.users import list_users

    with guard(as_json=as_json):
        users = list_users(_engine())
    if as_json:
        print(json.dumps([{"id": u.id, "username": u.username, "role": u.role.value, "display_name": u.display_name,
                           "disabled": u.disabled} for u in users], indent=2))
        return
    if not users:
        stderr().print("no users yet: add one with 'clearance user add USERNAME --role admin'")
        return
    table = Table("username", "role", "name", "status")
    for user in users:
        table.add_row(user.username, user.role.value, user.display_name, "disabled" if user.disabled else "active")
    stdout().print(table)


def _set_disabled(username: str, disabled: bool, actor: str | None) -> None:
    from clearance.service.users import set_disabled

    with guard():
        user = set_disabled(_engine(), username, disabled, at=_now(), actor=actor or _os_actor())
    stdout().print(f"user '{user.username}' {'disabled' if disabled else 'enabled'}", markup=False)


def user_disable(username: Annotated[str, typer.Argument(help="The user to disable.")],
                 actor: ActorOption = None) -> None:
    """Disable a user: no more logins, and their API tokens are refused. Nothing is deleted."""
    _set_disabled(username, True, actor)


def user_enable(username: Annotated[str, typer.Argument(help="The user to enable again.")],
                actor: ActorOption = None) -> None:
    """Enable a disabled user again (their tokens that were not revoked work again)."""
    _set_disabled(username, False, actor)


# --- tokens ----------------------------------------------------------------------------------

def token_create(
    username: Annotated[str, typer.Argument(help="The user the token acts as (its role applies).")],
    name: Annotated[str, typer.Option("--name", help="What the token is for, e.g. 'erp-integration'.")],
    actor: ActorOption = None,
) -> None:
    """Create an API token and print it once (only its sha256 is stored). Send it as
    'Authorization: Bearer <token>'."""
    from clearance.service.users import create_token

    with guard():
        token = create_token(_engine(), username, name, at=_now(), actor=actor or _os_actor())
    print(token)
    stderr().print("store this token now: it is not shown again", markup=False)


def token_list(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's tokens.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List API tokens (id, user, name, created, revoked), never their text."""
    from clearance.service.users import list_tokens
    from clearance.store.fields import iso_utc

    with guard(as_json=as_json):
        tokens = list_tokens(_engine(), user)
    rows = [{"id": t.id, "username": t.username, "name": t.name, "created_at": iso_utc(t.created_at),
             "revoked_at": iso_utc(t.revoked_at) if t.revoked_at else None} for t in tokens]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    table = Table("id", "user", "name", "created", "revoked")
    for row in rows:
        table.add_row(str(row["id"]), row["username"], row["name"], row["created_at"], row["revoked_at"] or "")
    stdout().print(table)


def token_revoke(token_id: Annotated[int, typer.Argument(help="The token's id ('clearance token list').")],
                 actor: ActorOption = None) -> None:
    """Revoke an API token for good."""
    from clearance.service.users import revoke_token

    with guard():
        revoke_token(_engine(), token_id, at=_now(), actor=actor or _os_actor())
    stdout().print(f"token {token_id} revoked", markup=False)


# --- audit trail -----------------------------------------------------------------------------

def audit_verify(as_json: JsonOption = False) -> None:
    """Verify the audit trail's hash chain: exit 0 when every record is intact, 1 when a record
    was altered, deleted or inserted (each problem is printed)."""
    from clearance.service.audit import verify

    with guard(as_json=as_json):
        result = verify(_engine())
    if as_json:
        print(json.dumps(result.as_dict(), indent=2))
    elif result.ok:  # plain print: a hash must not be wrapped
        head = f"; head record {result.head_id}, hash {result.head_hash}" if result.head_id is not None else ""
        anchor = f"; pruned up to record {result.anchor_id}" if result.anchor_id is not None else ""
        print(f"audit trail intact: {result.records:,} record(s){head}{anchor}")
    else:
        print(f"audit trail NOT intact: {len(result.problems)} problem(s) in {result.records:,} record(s)")
        for problem in result.problems:
            print(f"  - {problem}")
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


def audit_list(
    subject: Annotated[str | None, typer.Option(help="Only this subject, e.g. 'report:12' or 'user:kim'.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only this actor's records.")] = None,
    action: Annotated[str | None, typer.Option(help="Only this action, e.g. 'report.created'.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many records.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many of the newest records first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List audit records, newest first."""
    from clearance.service.audit import records

    with guard(as_json=as_json):
        found = records(_engine(), subject=subject, actor=actor, action=action, limit=limit, offset=offset)
    if as_json:
        print(json.dumps([r.as_dict() for r in found], indent=2, ensure_ascii=False))
        return
    table = Table("id", "at (UTC)", "actor", "action", "subject", "detail")
    for item in found:
        table.add_row(str(item.id), item.as_dict()["at"], item.actor, item.action, item.subject,
                      json.dumps(item.detail, ensure_ascii=False, sort_keys=True))
    stdout().print(table)


def audit_prune(
    before: Annotated[str, typer.Option("--before", help="Delete the records older than this date (YYYY-MM-DD).")],
    actor: Annotated[str, typer.Option("--actor", help="Who is pruning (recorded in the audit.pruned record).")],
    force: Annotated[bool, typer.Option("--force", help="Prune inside the 5-year retention period "
                                        "(19 CFR 163.4(a)).")] = False,
) -> None:
    """Delete the audit records older than --before, keeping the chain verifiable (an anchor holds
    the last pruned record's hash) and recording an audit.pruned record. Refused inside the
    5-year retention period without --force, and when the chain does not verify."""
    from clearance.service.audit import prune

    with guard():
        cutoff = parse_date(before, "--before", "before")
        count = prune(_engine(), before=cutoff, actor=actor, at=_now(), force=force)
    stdout().print(f"{count:,} audit record(s) older than {cutoff.isoformat()} pruned", markup=False)

"""The audit trail: every decision recorded append-only, each record hash-chained to the one before.

A record says who (``actor``), when (``at``), what (``action`` such as ``report.created``,
``disposition.recorded``, ``classification.approved``, ``override``, ``data.updated``,
``user.added``, ``token.created``, ``audit.pruned``; ``subject`` such as ``report:12``;
``detail``, any JSON object) and on which reference data (``snapshots``: dataset → snapshot id).

**The chain.** Record ids are assigned here, the previous id + 1, so a deleted record leaves a
gap. ``hash`` is the sha256 hex of the record's canonical JSON: the object ``{"id", "at",
"actor", "action", "subject", "detail", "snapshots", "previous_hash"}`` serialised with sorted
keys, separators ``,`` and ``:``, ``ensure_ascii=False``, encoded as UTF-8, where ``at`` is ISO
8601 in UTC with microseconds (``2026-03-01T09:30:00.000000Z``, which SQLite and PostgreSQL both
store exactly). ``previous_hash`` is the previous record's ``hash``; the first record's is 64
zeros, or the retention anchor's hash after a prune. :func:`verify` recomputes every hash and
link, so a record altered in the database, deleted or inserted is reported. The chain detects
tampering by anyone who does not also recompute every later hash: keep the head hash
``verify`` reports somewhere else (a ticket, a log shipped off the machine) to detect that too,
and to detect the deletion of the newest records.

**Writers.** :func:`record` takes the chain's head and appends in one transaction, holding a
lock while it does (PostgreSQL: a transaction-scoped advisory lock; SQLite: the database's
write lock, taken before the head is read), so concurrent writers queue instead of forking the
chain. Pass a :class:`sqlalchemy.Connection` to append inside the caller's transaction, so a
decision and its audit record are committed, or rolled back, together. On PostgreSQL the
caller's transaction must be READ COMMITTED (the default): under REPEATABLE READ a concurrent
append fails on the primary key instead of waiting.

**Retention.** Customs records are kept 5 years from the date of entry (19 CFR 163.4(a));
:data:`RETENTION_YEARS` is the default. Records leave only through :func:`prune` (``clearance
audit prune``), never silently: it refuses a cut-off inside the retention period unless forced,
refuses a chain that does not verify, stores an *anchor* (the last pruned record's id and hash)
so the rest still verifies, and appends an ``audit.pruned`` record naming what it removed.

Time is always passed in (``at``); nothing here reads the clock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa

from clearance.errors import ClearanceError, InputError, InputProblem
from clearance.store.db import reading, transaction
from clearance.store.fields import as_utc, aware_utc, checked_text, iso_utc
from clearance.store.schema import audit_anchor, audit_record

#: Years records are kept before :func:`prune` may remove them without ``force`` (19 CFR 163.4(a)).
RETENTION_YEARS = 5
#: ``previous_hash`` of the first record of a chain that was never pruned.
GENESIS_HASH = "0" * 64
PRUNED = "audit.pruned"

_MAX_LENGTH = {"actor": 120, "action": 60, "subject": 200}
# pg_advisory_xact_lock key: the bytes of "clraudit".
_LOCK_KEY = int.from_bytes(b"clraudit", "big")
_PAGE = 1000


class AuditIntegrityError(ClearanceError):
    """The audit chain does not verify, so an operation that relies on it (pruning) was refused."""


@dataclass(frozen=True)
class AuditRecord:
    """One record of the audit trail, as stored (``at`` in UTC)."""

    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    detail: dict[str, Any]
    snapshots: dict[str, Any]
    previous_hash: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (``at`` as ISO 8601 UTC, whole seconds)."""
        return {"id": self.id, "at": iso_utc(self.at), "actor": self.actor, "action": self.action,
                "subject": self.subject, "detail": self.detail, "snapshots": self.snapshots,
                "previous_hash": self.previous_hash, "hash": self.hash}


@dataclass(frozen=True)
class VerifyResult:
    """What :func:`verify` found. ``head_id``/``head_hash``: the newest record (keep its hash
    elsewhere to detect a rewrite of the whole chain); ``anchor_id``: the last pruned record."""

    ok: bool
    records: int
    problems: list[str] = field(default_factory=list)
    head_id: int | None = None
    head_hash: str | None = None
    anchor_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "records": self.records, "problems": list(self.problems),
                "head_id": self.head_id, "head_hash": self.head_hash, "anchor_id": self.anchor_id}


# --- canonical form --------------------------------------------------------------------------

def _iso(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return _iso(value) if value.tzinfo is not None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"audit detail holds a {type(value).__name__}, which is not JSON: {value!r}")


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
                      default=_plain)


def _json_object(value: Mapping[str, Any] | None, name: str) -> dict[str, Any]:
    """``value`` as the JSON object it will read back as (Decimal and dates become strings)."""
    if value is not None and not isinstance(value, Mapping):
        raise InputError("audit record", [InputProblem(name, name, f"must be a JSON object, not a "
                                                       f"{type(value).__name__}")])
    try:
        return dict(json.loads(_dumps(dict(value or {}))))
    except (TypeError, ValueError) as exc:
        raise InputError("audit record", [InputProblem(name, name, str(exc))]) from None


def record_hash(*, id: int, at: datetime, actor: str, action: str, subject: str,
                detail: Mapping[str, Any], snapshots: Mapping[str, Any], previous_hash: str) -> str:
    """sha256 hex of a record's canonical JSON (see the module docstring)."""
    canonical = {"id": id, "at": _iso(at), "actor": actor, "action": action, "subject": subject,
                 "detail": detail, "snapshots": snapshots, "previous_hash": previous_hash}
    return hashlib.sha256(_dumps(canonical).encode("utf-8")).hexdigest()


def _record(row: Any) -> AuditRecord:
    return AuditRecord(id=row.id, at=as_utc(row.at), actor=row.actor, action=row.action, subject=row.subject,
                       detail=dict(row.detail), snapshots=dict(row.snapshots), previous_hash=row.previous_hash,
                       hash=row.hash)


# --- writing ---------------------------------------------------------------------------------





def _lock(connection: sa.Connection) -> None:
    """Serialise appends to the chain until the end of the transaction."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    elif dialect == "sqlite":
        # pysqlite begins its transaction at the first write: a write that changes nothing takes
        # the database's write lock now, before the head is read, so no writer can overtake us.
        connection.execute(sa.text("UPDATE audit_anchor SET pruned = pruned WHERE 1 = 0"))


def _anchor(connection: sa.Connection) -> Any:
    return connection.execute(sa.select(audit_anchor).order_by(audit_anchor.c.last_id.desc(),
                                                               audit_anchor.c.id.desc()).limit(1)).first()


def _head(connection: sa.Connection) -> tuple[int, str]:
    """The id and hash the next record links to."""
    table = audit_record
    statement = sa.select(table.c.id, table.c.hash).order_by(table.c.id.desc()).limit(1)
    if connection.dialect.name not in ("sqlite", "postgresql"):
        statement = statement.with_for_update()
    last = connection.execute(statement).first()
    anchor = _anchor(connection)
    if last is not None and (anchor is None or last.id > anchor.last_id):
        return last.id, last.hash
    if anchor is not None:
        return anchor.last_id, anchor.last_hash
    return 0, GENESIS_HASH


def _append(connection: sa.Connection, *, actor: str, action: str, subject: str, detail: Mapping[str, Any],
            snapshots: Mapping[str, Any] | None, at: datetime) -> AuditRecord:
    at = aware_utc(at)
    problems: list[InputProblem] = []
    who = checked_text(problems, "actor", actor, required=True, max_length=_MAX_LENGTH)
    what = checked_text(problems, "action", action, required=True, max_length=_MAX_LENGTH)
    on = checked_text(problems, "subject", subject, required=True, max_length=_MAX_LENGTH)
    if problems:
        raise InputError("audit record", problems)
    assert who is not None and what is not None and on is not None
    content = _json_object(detail, "detail")
    used = _json_object(snapshots, "snapshots")
    _lock(connection)
    previous_id, previous_hash = _head(connection)
    values = {"id": previous_id + 1, "at": at, "actor": who, "action": what, "subject": on, "detail": content,
              "snapshots": used, "previous_hash": previous_hash}
    digest = record_hash(**values)
    connection.execute(audit_record.insert(), {**values, "hash": digest})  # one cached statement for every append
    return AuditRecord(**values, hash=digest)


def record(engine_or_connection: sa.Engine | sa.Connection, *, actor: str, action: str, subject: str,
           detail: Mapping[str, Any], snapshots: Mapping[str, Any] | None = None, at: datetime) -> AuditRecord:
    """Append one record to the chain and return it.

    With an :class:`~sqlalchemy.Engine` the record is committed in its own transaction; with a
    :class:`~sqlalchemy.Connection` it joins the caller's transaction (the caller commits, and a
    rollback takes the record with it). ``actor``, ``action`` and ``subject`` must not be empty
    (at most 120, 60 and 200 characters) and ``detail`` and ``snapshots`` must be JSON objects
    (Decimal, date and datetime values are stored as strings): an :class:`InputError` otherwise.
    ``at`` must be timezone-aware (:class:`ValueError` otherwise).
    """
    with transaction(engine_or_connection) as connection:
        return _append(connection, actor=actor, action=action, subject=subject, detail=detail,
                       snapshots=snapshots, at=at)


# --- reading and verifying -------------------------------------------------------------------

def records(engine: sa.Engine | sa.Connection, *, subject: str | None = None, actor: str | None = None,
            action: str | None = None, limit: int = 100, offset: int = 0) -> list[AuditRecord]:
    """Records newest first (highest id first), optionally only one subject's, actor's or action's."""
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    table = audit_record
    statement = sa.select(table).order_by(table.c.id.desc()).limit(limit).offset(offset)
    if subject is not None:
        statement = statement.where(table.c.subject == subject)
    if actor is not None:
        statement = statement.where(table.c.actor == actor)
    if action is not None:
        statement = statement.where(table.c.action == action)
    with reading(engine) as connection:
        return [_record(row) for row in connection.execute(statement)]


# One record as verification reads it: id, previous_hash, hash, the record (None when it cannot be read), why not.
_Entry = tuple[int, str, str, AuditRecord | None, str | None]


def _page(connection: sa.Connection, after: int | None) -> list[_Entry]:
    """The next records after id ``after``: (id, previous_hash, hash, the record or None, why unreadable).

    A value altered into something the driver cannot read (a date that is not one, JSON that is
    not JSON) makes that record unreadable, not the verification impossible."""
    table = audit_record
    scope = sa.true() if after is None else table.c.id > after
    try:
        rows = connection.execute(sa.select(table).where(scope).order_by(table.c.id).limit(_PAGE)).all()
        return [(r.id, r.previous_hash, r.hash, _record(r), None) for r in rows]
    except (ValueError, TypeError, sa.exc.StatementError):
        pass
    found: list[_Entry] = []
    keys = connection.execute(sa.select(table.c.id, table.c.previous_hash, table.c.hash)
                              .where(scope).order_by(table.c.id).limit(_PAGE)).all()
    for key in keys:
        try:
            row = connection.execute(sa.select(table).where(table.c.id == key.id)).one()
            found.append((key.id, key.previous_hash, key.hash, _record(row), None))
        except (ValueError, TypeError, sa.exc.StatementError) as exc:
            found.append((key.id, key.previous_hash, key.hash, None, f"{type(exc).__name__}: {exc}"))
    return found


def _missing(first: int, last: int) -> str:
    return f"record {first} is missing (deleted)" if first == last else \
        f"records {first} to {last} are missing (deleted)"


def _verify(connection: sa.Connection) -> VerifyResult:
    anchor = _anchor(connection)
    previous_id, previous_hash = (anchor.last_id, anchor.last_hash) if anchor is not None else (0, GENESIS_HASH)
    floor = previous_id
    problems: list[str] = []
    count = 0
    confirmed = anchor is None
    after: int | None = None
    while True:
        page = _page(connection, after)
        if not page:
            break
        after = page[-1][0]
        for record_id, link, digest, stored, unreadable in page:
            count += 1
            if record_id <= floor:
                problems.append(f"record {record_id} is below the retention anchor (records up to {floor} were "
                                f"pruned) but still present: restored or inserted")
                continue
            if record_id != previous_id + 1:
                problems.append(_missing(previous_id + 1, record_id - 1))
            if link != previous_hash:
                before = f"record {previous_id}" if previous_id > floor else \
                    ("the retention anchor" if anchor is not None else "the start of the chain")
                problems.append(f"record {record_id}: broken link: its previous_hash does not match the hash of "
                                f"{before} (a record was deleted, inserted or altered)")
            if stored is None:
                problems.append(f"record {record_id} altered: it cannot be read ({unreadable})")
            else:
                values = {k: getattr(stored, k) for k in ("id", "at", "actor", "action", "subject", "detail",
                                                          "snapshots", "previous_hash")}
                try:
                    recomputed = record_hash(**values)
                except (TypeError, ValueError) as exc:
                    recomputed = f"unhashable: {exc}"
                if recomputed != digest:
                    problems.append(f"record {record_id} altered: its content does not match its hash")
                if anchor is not None and stored.action == PRUNED \
                        and stored.detail.get("up_to_id") == anchor.last_id \
                        and stored.detail.get("anchor_hash") == anchor.last_hash:
                    confirmed = True
            previous_id, previous_hash = record_id, digest
    if not confirmed:
        problems.append(f"the retention anchor (records up to {anchor.last_id} pruned) is not confirmed by an "
                        f"'{PRUNED}' record: records may have been deleted outside 'clearance audit prune'")
    head_id = previous_id if previous_id > floor else None
    return VerifyResult(ok=not problems, records=count, problems=problems, head_id=head_id,
                        head_hash=previous_hash if head_id is not None else None,
                        anchor_id=anchor.last_id if anchor is not None else None)


def verify(engine: sa.Engine | sa.Connection) -> VerifyResult:
    """Recompute every record's hash and link, oldest first.

    Reported: a record whose content no longer matches its hash (altered; also a value altered
    into something unreadable), a ``previous_hash`` that is not the previous record's hash (a
    record deleted, inserted or altered before it), a gap in the ids (deleted records; ids at or
    below the retention anchor are expected to be gone), a record still present below the anchor,
    and an anchor no ``audit.pruned`` record confirms. The deletion of the newest records leaves
    no trace in the chain itself: compare ``head_id``/``head_hash`` with a copy kept elsewhere.
    """
    if isinstance(engine, sa.Engine) and engine.dialect.name == "postgresql":
        # one snapshot for every page, so a prune or an append meanwhile cannot look like tampering
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            return _verify(connection)
    with reading(engine) as connection:
        return _verify(connection)


# --- retention -------------------------------------------------------------------------------

def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February: the 28th, so that never less than the full period is kept
        return day.replace(year=day.year - years, day=28)


def retention_limit(at: datetime, years: int = RETENTION_YEARS) -> date:
    """The latest ``before`` :func:`prune` accepts without ``force`` at time ``at``."""
    return _years_before(aware_utc(at).date(), years)


def prune(engine: sa.Engine, *, before: date, actor: str, at: datetime, force: bool = False) -> int:
    """Delete the records older than ``before`` (``at`` before its midnight UTC); return how many.

    Only a prefix of the chain is removed: from the oldest record up to the first one at or
    after ``before`` (a record dated earlier that follows it stays). Refused with an
    :class:`InputError` when ``before`` is later than ``at``'s date minus :data:`RETENTION_YEARS`
    years (19 CFR 163.4(a)), unless ``force``; refused with :class:`AuditIntegrityError` when
    the chain does not verify (pruning would destroy the evidence). In one transaction: stores
    the anchor (the last pruned record's id and hash), deletes, and appends an ``audit.pruned``
    record by ``actor`` with the count, the cut-off and the anchor, also when nothing was old
    enough (count 0, no anchor).
    """
    at = aware_utc(at)
    limit = retention_limit(at)
    if before > limit and not force:
        raise InputError("audit prune", [InputProblem(
            "before", "before", f"{before.isoformat()} is inside the {RETENTION_YEARS}-year retention period "
            f"(19 CFR 163.4(a)): the latest cut-off allowed on {at.date().isoformat()} is {limit.isoformat()}; "
            f"pruning anyway needs force (--force)")])
    problems: list[InputProblem] = []
    who = checked_text(problems, "actor", actor, required=True, max_length=_MAX_LENGTH)
    if problems:
        raise InputError("audit prune", problems)
    assert who is not None
    start = datetime.combine(before, time(0), tzinfo=UTC)
    table = audit_record
    with engine.begin() as connection:
        _lock(connection)
        checked = _verify(connection)
        if not checked.ok:
            raise AuditIntegrityError("the audit chain does not verify, so nothing was pruned; run "
                                      "'clearance audit verify':\n" + "\n".join(f"  - {p}" for p in checked.problems))
        anchor = _anchor(connection)
        floor = anchor.last_id if anchor is not None else 0
        cutoff = connection.execute(sa.select(sa.func.min(table.c.id))
                                    .where(table.c.id > floor, table.c.at >= start)).scalar()
        scope = table.c.id > floor if cutoff is None else sa.and_(table.c.id > floor, table.c.id < cutoff)
        count, last_id = connection.execute(sa.select(sa.func.count(), sa.func.max(table.c.id)).where(scope)).one()
        last_hash = None
        if count:
            last_hash = connection.execute(sa.select(table.c.hash).where(table.c.id == last_id)).scalar_one()
            connection.execute(audit_anchor.insert().values(last_id=last_id, last_hash=last_hash, pruned=count,
                                                            before=before, created_by=who, created_at=at))
            connection.execute(table.delete().where(table.c.id <= last_id))
        _append(connection, actor=who, action=PRUNED, subject="audit",
                detail={"before": before.isoformat(), "count": count, "up_to_id": last_id if count else None,
                        "anchor_hash": last_hash, "retention_years": RETENTION_YEARS, "forced": force},
                snapshots=None, at=at)
    return int(count)

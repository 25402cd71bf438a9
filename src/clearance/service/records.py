"""Shipments, reports and batch jobs kept by the service.

A checked shipment is stored as submitted (its validated JSON) with the report checked on it;
a re-check adds a report, never rewrites one, so a report a user signed stays as it was.
Batch jobs record their progress and, when done, the ids of the reports they produced. Times
are passed in; nothing here reads the clock.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from clearance.errors import InputError, InputProblem
from clearance.model import Decision, Report, Shipment
from clearance.store.db import EncodedJSON
from clearance.store.fields import as_utc, aware_utc
from clearance.store.schema import (
    job_record,
    report_alert,
    report_figure,
    report_override,
    report_record,
    shipment_record,
)

#: The rules whose findings are screening alerts a reviewer must decide (kept as rows too: ``report_alert``).
ALERT_RULES = ("SCREEN.MATCH", "SCREEN.POSSIBLE_MATCH", "SCREEN.ENTRY_CHANGED")


@dataclass(frozen=True)
class StoredReport:
    id: int
    shipment_id: int
    reference: str
    as_of: date
    decision: str
    findings: int
    created_by: str
    created_at: datetime
    report: dict[str, Any] | None = None  # only when asked for
    report_json: str | None = None  # the report as stored, when it was just saved
    overridden: str | None = None  # the latest override's decision, when there is one

    @property
    def decision_in_force(self) -> str:
        """The latest override's decision, or the computed one."""
        return self.overridden or self.decision

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "shipment_id": self.shipment_id, "reference": self.reference,
                "as_of": self.as_of.isoformat(), "decision": self.decision,
                "decision_in_force": self.decision_in_force, "overridden": self.overridden is not None,
                "findings": self.findings, "created_by": self.created_by,
                "created_at": as_utc(self.created_at).isoformat()}


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    status: str  # queued / running / done / failed
    total: int
    done: int
    created_by: str
    created_at: datetime
    finished_at: datetime | None
    result: Any
    error: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "status": self.status, "total": self.total, "done": self.done,
                "created_by": self.created_by, "created_at": as_utc(self.created_at).isoformat(),
                "finished_at": as_utc(self.finished_at).isoformat() if self.finished_at else None,
                "result": self.result, "error": self.error}


def save_report(connection: sa.Connection, shipment: Shipment, report: Report, *, by: str, at: datetime
                ) -> StoredReport:
    """Store the shipment, its report and the report's screening alerts (:data:`ALERT_RULES`) in the
    caller's transaction (so its audit record shares it).

    Both are encoded once, by pydantic, and stored as encoded; the returned record carries the
    report's JSON text (``report_json``) for a response to reuse, not a decoded copy."""
    at = aware_utc(at)
    shipment_id = connection.execute(shipment_record.insert(), {
        "reference": shipment.id, "payload": EncodedJSON(shipment.model_dump_json()), "submitted_by": by,
        "submitted_at": at}).inserted_primary_key[0]
    encoded = EncodedJSON(report.model_dump_json())
    report_id = connection.execute(report_record.insert(), {
        "shipment_id": shipment_id, "as_of": report.as_of, "decision": report.decision.value,
        "findings": len(report.findings), "report": encoded, "created_by": by, "created_at": at,
    }).inserted_primary_key[0]
    alerts = [{"report_id": report_id, "position": position, "finding": finding.model_dump(mode="json")}
              for position, finding in enumerate(report.findings) if finding.rule_id in ALERT_RULES]
    if alerts:
        connection.execute(report_alert.insert(), alerts)
    figures = report_figures(report_id, report)
    if figures:
        connection.execute(report_figure.insert(), figures)
    return StoredReport(report_id, shipment_id, shipment.id, report.as_of, report.decision.value,
                        len(report.findings), by, at, report_json=str(encoded))


def report_figures(report_id: int, report: Report) -> list[dict[str, Any]]:
    """The rows of ``report_figure`` for a report: its findings counted by rule id, and the duty
    engine's totals by programme (amounts as decimal strings, as the engine gives them)."""
    rules = Counter(finding.rule_id for finding in report.findings)
    rows = [{"report_id": report_id, "kind": "rule", "name": rule, "value": str(n)} for rule, n in rules.items()]
    for run in report.engines:
        if run.engine == "duty" and isinstance(run.result, dict):
            by_programme = (run.result.get("totals") or {}).get("by_programme") or {}
            rows += [{"report_id": report_id, "kind": "duty", "name": str(programme), "value": str(amount)}
                     for programme, amount in by_programme.items()]
            break
    return rows


def _stored(row: Any, with_report: bool) -> StoredReport:
    return StoredReport(row.id, row.shipment_id, row.reference, row.as_of, row.decision, row.findings,
                        row.created_by, as_utc(row.created_at), row.report if with_report else None,
                        overridden=row.overridden)


def _latest_override() -> Any:
    """The decision of a report's latest override (NULL without one), as a correlated subquery."""
    return (sa.select(report_override.c.decision).where(report_override.c.report_id == report_record.c.id)
            .order_by(report_override.c.decided_at.desc(), report_override.c.id.desc()).limit(1)
            .correlate(report_record).scalar_subquery())


def decision_in_force() -> Any:
    """A report's decision in force as a column expression: its latest override's, or the computed one."""
    return sa.func.coalesce(_latest_override(), report_record.c.decision)


def _columns(with_report: bool) -> list[Any]:
    columns = [report_record.c.id, report_record.c.shipment_id, shipment_record.c.reference, report_record.c.as_of,
               report_record.c.decision, report_record.c.findings, report_record.c.created_by,
               report_record.c.created_at, _latest_override().label("overridden")]
    return [*columns, report_record.c.report] if with_report else columns


def list_reports(engine: sa.Engine, *, decision: str | None = None, reference: str | None = None,
                 limit: int = 50, offset: int = 0) -> tuple[list[StoredReport], int]:
    """Reports, newest first, and how many match in all (for pagination). ``decision`` filters on the
    decision in force: an overridden report is listed under the override's decision."""
    joined = report_record.join(shipment_record, report_record.c.shipment_id == shipment_record.c.id)
    where = []
    if decision:
        where.append(decision_in_force() == decision)
    if reference:
        where.append(shipment_record.c.reference == reference)
    query = sa.select(*_columns(False)).select_from(joined).where(*where)
    count = sa.select(sa.func.count()).select_from(joined).where(*where)
    with engine.connect() as connection:
        total = connection.execute(count).scalar_one()
        rows = connection.execute(query.order_by(report_record.c.id.desc()).limit(limit).offset(offset)).all()
    return [_stored(row, False) for row in rows], total


def get_report(engine: sa.Engine, report_id: int) -> StoredReport | None:
    joined = report_record.join(shipment_record, report_record.c.shipment_id == shipment_record.c.id)
    with engine.connect() as connection:
        row = connection.execute(sa.select(*_columns(True)).select_from(joined)
                                 .where(report_record.c.id == report_id)).first()
    return None if row is None else _stored(row, True)


def create_job(engine: sa.Engine, kind: str, total: int, *, by: str, at: datetime) -> Job:
    job = Job(str(uuid.uuid4()), kind, "queued", total, 0, by, aware_utc(at), None, None, None)
    with engine.begin() as connection:
        connection.execute(job_record.insert().values(
            id=job.id, kind=kind, status=job.status, total=total, done=0, created_by=by, created_at=job.created_at))
    return job


def update_job(engine: sa.Engine, job_id: str, *, status: str, done: int, at: datetime | None = None,
               result: Any = None, error: str | None = None) -> None:
    values: dict[str, Any] = {"status": status, "done": done}
    if at is not None:
        values["finished_at"] = aware_utc(at)
    if result is not None:
        values["result"] = result
    if error is not None:
        values["error"] = error
    with engine.begin() as connection:
        connection.execute(job_record.update().where(job_record.c.id == job_id).values(**values))


def get_job(engine: sa.Engine, job_id: str) -> Job | None:
    with engine.connect() as connection:
        row = connection.execute(sa.select(job_record).where(job_record.c.id == job_id)).first()
    if row is None:
        return None
    return Job(row.id, row.kind, row.status, row.total, row.done, row.created_by, as_utc(row.created_at),
               as_utc(row.finished_at) if row.finished_at else None, row.result, row.error)


@dataclass(frozen=True)
class Override:
    """A person's decision replacing a report's computed one, with the reason (append-only)."""

    id: int
    report_id: int
    decision: str
    reason: str
    decided_by: str
    decided_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "report_id": self.report_id, "decision": self.decision, "reason": self.reason,
                "decided_by": self.decided_by, "decided_at": as_utc(self.decided_at).isoformat()}


DECISIONS = tuple(d.value for d in Decision)  # what an override may set: the pipeline's decisions


def override_report(connection: sa.Connection, report_id: int, *, decision: str, reason: str, by: str,
                    at: datetime) -> Override:
    """Record an override of report ``report_id`` in the caller's transaction (so its audit record shares it).

    The report is left as computed; the latest override is the decision in force. InputError when the
    decision is not clear/review/hold or the reason is empty; LookupError when there is no such report."""
    problems = []
    if decision not in DECISIONS:
        problems.append(InputProblem("decision", "decision", f"'{decision}' is not one of {', '.join(DECISIONS)}"))
    if not reason.strip():
        problems.append(InputProblem("reason", "reason", "say why the computed decision is overridden"))
    if problems:
        raise InputError("override", problems)
    exists = connection.execute(sa.select(report_record.c.id).where(report_record.c.id == report_id)).first()
    if exists is None:
        raise LookupError(f"no report {report_id}")
    at = aware_utc(at)
    new_id = connection.execute(report_override.insert().values(
        report_id=report_id, decision=decision, reason=reason.strip(), decided_by=by, decided_at=at,
    )).inserted_primary_key[0]
    return Override(new_id, report_id, decision, reason.strip(), by, at)


def override_audited(database: sa.Engine, report_id: int, *, decision: str, reason: str, by: str,
                     at: datetime) -> Override:
    """Record an override and its audit record in one transaction (both or neither); the errors of
    :func:`override_report`."""
    from clearance.service.audit import record

    with database.begin() as connection:
        done = override_report(connection, report_id, decision=decision, reason=reason, by=by, at=at)
        record(connection, actor=by, action="override", subject=f"report:{report_id}",
               detail={"decision": done.decision, "reason": done.reason, "override": done.id}, at=at)
    return done


def overrides(engine: sa.Engine, report_id: int) -> list[Override]:
    """The overrides of a report, latest first (the first is in force)."""
    with engine.connect() as connection:
        rows = connection.execute(sa.select(report_override).where(report_override.c.report_id == report_id)
                                  .order_by(report_override.c.decided_at.desc(), report_override.c.id.desc())).all()
    return [Override(r.id, r.report_id, r.decision, r.reason, r.decided_by, as_utc(r.decided_at)) for r in rows]

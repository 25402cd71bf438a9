"""The classification worklist: lines of stored reports that need a classification decision, and
the approvals that decide them.

An *item* is one line of one stored report (the shipment as submitted, in ``shipment_record``,
with the report checked on it) that either has a tariff finding saying its declared code cannot
stand (:data:`CLASSIFICATION_RULES`: the code is not in the revision in force, was retired, is not
a 10-digit statistical line, or the classifier confidently disagrees), or whose part number has
no current approval in the product master (:mod:`clearance.store.product_master`). Lines with
neither a part number nor such a finding have nothing to decide and are left out.

Each item carries the suggestions its findings' evidence gives (successors of a retired number,
nearby numbers, the statistical lines under a heading, the classifier's candidates) and the
part's current approval. An item is *open* until its part number has a current approval made at
or after the report was created (a finding raised after the approval reopens it).

Approving (:func:`approve`) validates the code against the HTS revision in force on the day of
the approval and records it with that revision; with no revision loaded, or a code that is not a
line of it, nothing is written. Each approval is audited as ``classification.approved``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from clearance.errors import InputError, InputProblem
from clearance.model.codes import format_hts, normalise_hts
from clearance.store import product_master as pm
from clearance.store.db import pages_by_key
from clearance.store.fields import as_utc
from clearance.store.schema import report_record, shipment_record

#: The tariff findings that put a line on the worklist.
CLASSIFICATION_RULES = ("TARIFF.CODE.UNKNOWN", "TARIFF.CODE.RETIRED", "TARIFF.CODE.LEVEL",
                        "TARIFF.CLASSIFY.DISAGREES")
#: Why an item is listed when its part number has no current approval.
NO_APPROVAL = "no current approval"
#: Longest rationale kept (as the screening decisions' reason).
MAX_RATIONALE = 4000
#: Most suggestions kept per finding.
MAX_SUGGESTIONS = 10
_LINE_REF = re.compile(r"^line (\d+)\b")
_BATCH = 200
_SOURCE = "classification approval"


@dataclass(frozen=True)
class Suggestion:
    """A code the evidence proposes, with what it is (``successor``, ``nearby``, ``classifier 84%``...)."""

    hts: str  # dotted
    note: str


@dataclass(frozen=True)
class Issue:
    """One tariff finding on the line."""

    rule_id: str
    severity: str
    message: str
    suggestions: list[Suggestion] = field(default_factory=list)


@dataclass(frozen=True)
class Item:
    """One line of one stored report that needs (or needed) a classification decision."""

    key: str  # "<report id>:<line number>"
    report_id: int
    reference: str  # the shipment's own id
    created_at: datetime  # the report's creation (UTC)
    line: int
    part_number: str | None
    description: str
    declared: str | None  # the declared HTS number, dotted
    issues: list[Issue]
    approval: pm.Approval | None  # the part's current approval

    @property
    def is_open(self) -> bool:
        if not self.part_number:
            return True  # a finding with no part number: nothing can be approved until the line names one
        return self.approval is None or self.approval.approved_at < self.created_at

    @property
    def suggestions(self) -> list[Suggestion]:
        seen: dict[str, Suggestion] = {}
        for issue in self.issues:
            for suggestion in issue.suggestions:
                seen.setdefault(suggestion.hts, suggestion)
        return list(seen.values())

    @property
    def reasons(self) -> list[str]:
        found = [i.rule_id for i in self.issues]
        if self.part_number and self.approval is None:
            found.append(NO_APPROVAL)
        return found

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "report_id": self.report_id, "reference": self.reference,
                "created_at": self.created_at.isoformat(), "line": self.line, "part_number": self.part_number,
                "description": self.description, "declared": self.declared, "open": self.is_open,
                "findings": [{"rule_id": i.rule_id, "severity": i.severity, "message": i.message,
                              "suggestions": [{"hts": s.hts, "note": s.note} for s in i.suggestions]}
                             for i in self.issues],
                "approval": self.approval.as_dict() if self.approval else None}


def _dotted(value: Any) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return format_hts(normalise_hts(text))
    except ValueError:
        return text


def _suggestions(rule_id: str, evidence: dict[str, Any]) -> list[Suggestion]:
    found: list[Suggestion] = []
    if rule_id == "TARIFF.CODE.RETIRED":
        found = [Suggestion(h, "successor") for s in evidence.get("successors") or [] if isinstance(s, dict)
                 if (h := _dotted(s.get("hts")))]
    elif rule_id == "TARIFF.CODE.UNKNOWN":
        found = [Suggestion(h, "nearby number") for s in evidence.get("nearby") or [] if (h := _dotted(s))]
    elif rule_id == "TARIFF.CODE.LEVEL":
        found = [Suggestion(h, "statistical line") for s in evidence.get("statistical_numbers") or []
                 if (h := _dotted(s))]
    elif rule_id == "TARIFF.CLASSIFY.DISAGREES":
        for alternative in evidence.get("alternatives") or []:
            if not isinstance(alternative, dict) or not (h := _dotted(alternative.get("hts"))):
                continue
            try:
                note = f"classifier {float(alternative.get('confidence')):.0%}"
            except (TypeError, ValueError):
                note = "classifier"
            found.append(Suggestion(h, note))
    return found[:MAX_SUGGESTIONS]


def _issues_by_line(report: dict[str, Any]) -> dict[int, list[Issue]]:
    by_line: dict[int, list[Issue]] = {}
    for finding in report.get("findings") or []:
        rule_id = finding.get("rule_id")
        if rule_id not in CLASSIFICATION_RULES:
            continue
        found = _LINE_REF.match(finding.get("location") or "")
        if not found:
            continue
        evidence = finding.get("evidence") or {}
        by_line.setdefault(int(found.group(1)), []).append(Issue(
            rule_id=rule_id, severity=str(finding.get("severity") or ""), message=str(finding.get("message") or ""),
            suggestions=_suggestions(rule_id, evidence if isinstance(evidence, dict) else {})))
    return by_line


def items_of(report_id: int, reference: str, created_at: datetime, report: dict[str, Any], payload: Any,
             approvals: dict[str, pm.Approval]) -> list[Item]:
    """The worklist items of one stored report, in line order."""
    issues = _issues_by_line(report)
    lines = payload.get("lines") if isinstance(payload, dict) else None
    found = []
    for line in lines if isinstance(lines, list) else []:
        if not isinstance(line, dict) or not isinstance(line.get("number"), int):
            continue
        number = line["number"]
        part = str(line.get("part_number") or "").strip() or None
        approval = approvals.get(part) if part else None
        own = issues.get(number, [])
        if not own and (part is None or approval is not None):
            continue
        found.append(Item(key=f"{report_id}:{number}", report_id=report_id, reference=reference,
                          created_at=as_utc(created_at), line=number, part_number=part,
                          description=str(line.get("description") or ""), declared=_dotted(line.get("hts_code")),
                          issues=own, approval=approval))
    return found


def _rows(engine: sa.Engine) -> Iterator[Any]:
    """Stored reports with their shipments, newest first, in batches (report JSON can be large)."""
    joined = report_record.join(shipment_record, report_record.c.shipment_id == shipment_record.c.id)
    query = sa.select(report_record.c.id, report_record.c.created_at, report_record.c.report,
                      shipment_record.c.reference, shipment_record.c.payload).select_from(joined)
    with engine.connect() as connection:
        yield from pages_by_key(connection, query, report_record.c.id, size=_BATCH, descending=True)


def worklist(engine: sa.Engine, *, open_only: bool = False, part_number: str | None = None) -> list[Item]:
    """The items of every stored report, newest report first then by line (only open ones when asked;
    only the lines of ``part_number`` when given)."""
    approvals = {a.part_number: a for a in pm.catalogue(engine)}
    wanted = (part_number or "").strip() or None
    found: list[Item] = []
    for row in _rows(engine):
        for item in items_of(row.id, row.reference, row.created_at, row.report or {}, row.payload, approvals):
            if open_only and not item.is_open:
                continue
            if wanted is not None and item.part_number != wanted:
                continue
            found.append(item)
    return found


def find_item(engine: sa.Engine, key: str) -> Item | None:
    """The item ``<report id>:<line>`` (open or not), or None."""
    head, _, tail = (key or "").partition(":")
    if not (head.isdigit() and tail.isdigit()):
        return None
    joined = report_record.join(shipment_record, report_record.c.shipment_id == shipment_record.c.id)
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(report_record.c.id, report_record.c.created_at, report_record.c.report,
                      shipment_record.c.reference, shipment_record.c.payload)
            .select_from(joined).where(report_record.c.id == int(head))).first()
    if row is None:
        return None
    approvals = {a.part_number: a for a in pm.catalogue(engine)}
    items = items_of(row.id, row.reference, row.created_at, row.report or {}, row.payload, approvals)
    return next((i for i in items if i.line == int(tail)), None)


# --- approving ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Approved:
    """What one approval recorded: the approval, the revision it was checked against and what it superseded."""

    approval: pm.Approval
    revision_label: str
    superseded: pm.Approval | None


def hts_in_force(state: Any, at: datetime) -> Any:
    """The HTS revision in force on ``at``'s date, or None when none is loaded."""
    from clearance.tariff.schedule import revision_in_force

    with state.check_lock:
        revision, _ = revision_in_force(state.reference, as_utc(at).date())
    return revision


def approve(state: Any, *, part_number: str, hts_code: str, rationale: str, approved_by: str,
            description: str | None = None, at: datetime) -> Approved:
    """Approve ``hts_code`` for ``part_number``, checked against the HTS revision in force on ``at``'s date,
    and audit it (``classification.approved``). :class:`InputError` naming every problem means nothing
    was written."""
    from clearance.service.audit import record
    from clearance.tariff.schedule import Schedule, revision_in_force

    problems: list[InputProblem] = []
    part = (part_number or "").strip()
    reason = (rationale or "").strip()
    about = (description or "").strip() or None
    if not part:
        problems.append(InputProblem("part_number", "part_number", "give the part number to approve a code for"))
    if not reason:
        problems.append(InputProblem("rationale", "rationale", "give the rationale (GRI, notes, rulings): it is "
                                     "kept with the approval and in the audit trail"))
    elif len(reason) > MAX_RATIONALE:
        problems.append(InputProblem("rationale", "rationale", f"the rationale is longer than {MAX_RATIONALE} "
                                     "characters; shorten it"))
    digits: str | None = None
    try:
        digits = normalise_hts(hts_code or "")
    except ValueError as exc:
        problems.append(InputProblem("hts_code", "hts_code", str(exc)))
    if digits is not None and len(digits) != 10:
        problems.append(InputProblem("hts_code", "hts_code", f"'{hts_code}' has {len(digits)} digits; an approval "
                                     "needs a 10-digit statistical line (e.g. 0101.21.00.10)"))
        digits = None
    with state.check_lock:  # the reference accessor is not shared safely between threads
        revision, _ = revision_in_force(state.reference, as_utc(at).date())
        if revision is None:
            problems.append(InputProblem("hts_us", None, "no HTS revision is loaded ('clearance data import'), so "
                                         "the code cannot be checked against the schedule"))
        elif digits is not None and Schedule(state.reference, revision).line(digits) is None:
            problems.append(InputProblem("hts_code", "hts_code", f"{format_hts(digits)} is not a line of the HTS "
                                         f"revision in force ({revision.edition or revision.snapshot_id})"))
    if problems:
        raise InputError(_SOURCE, problems)
    assert revision is not None and digits is not None
    previous = pm.current(state.database, part)
    with state.database.begin() as connection:  # the approval and its audit record, or neither
        approval = pm.approve(connection, part_number=part, hts_code=digits, rationale=reason,
                              approved_by=approved_by, description=about, hts_revision=revision.snapshot_id, at=at)
        record(connection, actor=approved_by, action="classification.approved",
               subject=f"part:{approval.part_number}",
               detail={"part_number": approval.part_number, "hts_code": approval.hts_display,
                       "hts_revision": revision.snapshot_id, "rationale": approval.rationale,
                       "description": approval.description, "approval": approval.id,
                       "supersedes": previous.id if previous else None,
                       "previous_code": previous.hts_display if previous else None},
               snapshots={"hts_us": revision.snapshot_id}, at=at)
    return Approved(approval, revision.edition or revision.snapshot_id, previous)


__all__ = ["CLASSIFICATION_RULES", "MAX_RATIONALE", "NO_APPROVAL", "Approved", "Issue", "Item", "Suggestion",
           "approve", "find_item", "hts_in_force", "items_of", "worklist"]

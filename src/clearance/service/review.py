"""The screening review queue: the open alerts of stored reports, and the reviewer's decisions on them.

An *alert* is a ``SCREEN.MATCH``, ``SCREEN.POSSIBLE_MATCH`` or ``SCREEN.ENTRY_CHANGED`` finding
of a stored report. Its evidence (:meth:`clearance.screening.matcher.Match.explain` plus the
party's name and the list snapshot) names the list entry (``entity_id``, ``list``, ``snapshot``,
``band``, ``score``, ``matched_name``); the finding's location is the screening engine's party
reference (``party N (roles)``). The party itself is rebuilt exactly as the engine screened it
(:func:`clearance.screening.engine.party_query`) from party *N* of the stored shipment, so that
its :func:`~clearance.store.screening.party_key` is the one the accept list uses; when the
shipment does not give it (an edited or foreign report), the name in the evidence alone is used.

An alert is *open* until a disposition of the same (party key, entity id) is decided at or after
the report's creation; the first such disposition *resolves* it (its resolution time is
``decided_at - created_at``). One disposition resolves every alert of that party and entry raised
before it, whichever report raised them.

Deciding needs the list entry itself (:func:`record_disposition` stores its content hash): it is
looked up by id in the lists loaded now. When no list is loaded, or the entry is no longer on
its list, the decision is refused and nothing is written. Only reports with decision ``review``
or ``hold`` are read: an alert is at least a warning, so a ``clear`` report has none. The alerts
are read from their own rows (``report_alert``, written with the report), never from the reports'
JSON, so the queue costs the same however many reports are stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from clearance.screening.lists import screener_for
from clearance.screening.matcher import PartyQuery
from clearance.service.records import ALERT_RULES
from clearance.store.db import pages_by_key
from clearance.store.fields import as_utc
from clearance.store.schema import report_alert, report_record, shipment_record
from clearance.store.screening import DECISIONS, Disposition, dispositions, party_key, record_disposition

#: Most alerts one decision may cover.
MAX_BULK = 200
#: Longest reason kept (as the API's ``POST /dispositions``).
MAX_REASON = 4000
_PARTY_REF = re.compile(r"^party (\d+)\b")
_BATCH = 200


class ReviewError(Exception):
    """A decision that cannot be recorded; nothing was written. The message is for the reviewer."""


@dataclass(frozen=True)
class Alert:
    """One alert of one stored report (times in UTC)."""

    key: str  # "<report id>:<finding index>": stable, the form's checkbox value
    report_id: int
    reference: str  # the shipment's own id
    raised_at: datetime  # the report's creation
    rule_id: str
    query: PartyQuery  # the party as screened
    party_ref: str | None
    entity_id: str
    list: str
    matched_name: str | None
    band: str | None
    score: float | None
    snapshot: str | None
    message: str
    resolved_by: Disposition | None = None  # the first disposition decided at or after ``raised_at``

    @property
    def party_name(self) -> str:
        return self.query.name

    @property
    def party_key(self) -> str:
        return party_key(self.query)

    @property
    def is_open(self) -> bool:
        return self.resolved_by is None

    def age(self, now: datetime) -> timedelta:
        """How long it has been open (until ``now``), or how long it took to resolve."""
        end = self.resolved_by.decided_at if self.resolved_by else as_utc(now)
        return end - self.raised_at


def age_text(delta: timedelta) -> str:
    """``3 d 4 h``, ``5 h 12 min``, ``7 min``: the age of an alert for people."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


def _party_query(payload: Any, location: str | None, name: str) -> PartyQuery:
    """The party as the screening engine built it from the stored shipment; the name alone otherwise."""
    from pydantic import ValidationError

    from clearance.model.party import Party
    from clearance.screening.engine import party_query

    found = _PARTY_REF.match(location or "")
    parties = payload.get("parties") if isinstance(payload, dict) else None
    if found and isinstance(parties, list) and 0 < int(found.group(1)) <= len(parties):
        index = int(found.group(1)) - 1
        try:
            query = party_query(index, Party.model_validate(parties[index]))
        except ValidationError:
            query = None
        if query is not None and query.name == name:
            return query
    return PartyQuery(name=name, ref=location)


def _number(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _alert(report_id: int, reference: str, created_at: datetime, position: int, finding: dict[str, Any],
           payload: Any) -> Alert | None:
    """The alert of one finding (at ``position`` in its report's findings); None when it is not one."""
    if finding.get("rule_id") not in ALERT_RULES:
        return None
    evidence = finding.get("evidence") or {}
    entity_id, name = evidence.get("entity_id"), evidence.get("party")
    if not entity_id or not name:
        return None
    location = finding.get("location")
    return Alert(
        key=f"{report_id}:{position}", report_id=report_id, reference=reference, raised_at=as_utc(created_at),
        rule_id=finding["rule_id"], query=_party_query(payload, location, str(name)), party_ref=location,
        entity_id=str(entity_id), list=str(evidence.get("list") or entity_id.partition(":")[0]),
        matched_name=evidence.get("matched_name"), band=evidence.get("band"),
        score=_number(evidence.get("score")), snapshot=evidence.get("snapshot"),
        message=str(finding.get("message") or ""))


def alerts_of(report_id: int, reference: str, created_at: datetime, report: dict[str, Any],
              payload: Any) -> list[Alert]:
    """The alerts in one stored report (every one, open or not)."""
    found = (_alert(report_id, reference, created_at, position, finding, payload)
             for position, finding in enumerate(report.get("findings") or []))
    return [alert for alert in found if alert is not None]


def _rows(engine: sa.Engine, report_ids: Iterable[int] | None) -> Iterator[Any]:
    """The stored alert rows (``report_alert``) of reports decided review or hold, with their report's
    time and shipment, oldest first: the reports' own JSON is not read."""
    joined = report_alert.join(report_record, report_alert.c.report_id == report_record.c.id).join(
        shipment_record, report_record.c.shipment_id == shipment_record.c.id)
    query = (sa.select(report_alert.c.id, report_alert.c.report_id, report_alert.c.position, report_alert.c.finding,
                       report_record.c.created_at, shipment_record.c.reference, shipment_record.c.payload)
             .select_from(joined).where(report_record.c.decision.in_(("review", "hold"))))
    if report_ids is not None:
        query = query.where(report_alert.c.report_id.in_(sorted(set(report_ids))))
    with engine.connect() as connection:  # in pages: a shipment's payload can be large
        yield from pages_by_key(connection, query, report_alert.c.id, size=_BATCH)


def _resolved(engine: sa.Engine, found: list[Alert]) -> list[Alert]:
    """``found`` with each alert's resolving disposition filled in."""
    history: dict[str, list[Disposition]] = {}
    for key in sorted({a.party_key for a in found}):
        history[key] = dispositions(engine, party_key=key)  # oldest first
    resolved = []
    for alert in found:
        first = next((d for d in history[alert.party_key]
                      if d.entity_id == alert.entity_id and d.decided_at >= alert.raised_at), None)
        resolved.append(alert if first is None else _with(alert, first))
    return resolved


def _with(alert: Alert, disposition: Disposition) -> Alert:
    from dataclasses import replace

    return replace(alert, resolved_by=disposition)


def all_alerts(engine: sa.Engine, *, report_ids: Iterable[int] | None = None) -> list[Alert]:
    """Every alert of the stored reports (of ``report_ids`` when given), oldest first, resolved or not."""
    found: list[Alert] = []
    for row in _rows(engine, report_ids):
        alert = _alert(row.report_id, row.reference, row.created_at, row.position, dict(row.finding), row.payload)
        if alert is not None:
            found.append(alert)
    found.sort(key=lambda a: (a.report_id, int(a.key.partition(":")[2])))  # oldest report first, in finding order
    return _resolved(engine, found)


def open_alerts(engine: sa.Engine) -> list[Alert]:
    """The alerts still waiting for a disposition, oldest first (the review queue)."""
    return [a for a in all_alerts(engine) if a.is_open]


def _report_ids(keys: Iterable[str]) -> set[int]:
    ids = set()
    for key in keys:
        head, _, tail = key.partition(":")
        if head.isdigit() and tail.isdigit():
            ids.add(int(head))
    return ids


@dataclass(frozen=True)
class Decided:
    """What one decision recorded: the dispositions (one per distinct party and entry) and the alerts resolved."""

    dispositions: list[Disposition]
    alerts: list[Alert]


def decide(state: Any, keys: list[str], *, decision: str, reason: str, decided_by: str, at: datetime) -> Decided:
    """Record ``decision`` on the open alerts ``keys`` (one disposition per distinct party and list
    entry, each audited as ``disposition.recorded``). Everything is checked first: a
    :class:`ReviewError` means nothing was written."""
    from clearance.screening.entity import ListEntity
    from clearance.service.audit import record

    reason = (reason or "").strip()
    keys = list(dict.fromkeys(k.strip() for k in keys if k and k.strip()))
    if decision not in DECISIONS:
        raise ReviewError(f"Choose a decision: {' or '.join(d.replace('_', ' ') for d in DECISIONS)}.")
    if not keys:
        raise ReviewError("Select at least one alert.")
    if len(keys) > MAX_BULK:
        raise ReviewError(f"At most {MAX_BULK} alerts can be decided at once; {len(keys)} were selected.")
    if not reason:
        raise ReviewError("Give the reason for the decision: it is kept with the disposition and in the audit trail.")
    if len(reason) > MAX_REASON:
        raise ReviewError(f"The reason is longer than {MAX_REASON} characters; shorten it. Nothing was recorded.")
    loaded = screener_for(state.reference)
    if loaded is None:
        raise ReviewError("No sanctions or denied-party list is loaded ('clearance data import'), so the list "
                          "entries cannot be checked: nothing was recorded.")
    by_key = {a.key: a for a in all_alerts(state.database, report_ids=_report_ids(keys))}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise ReviewError(f"Not an alert of a stored report: {', '.join(unknown[:10])}. Nothing was recorded.")
    closed = [k for k in keys if not by_key[k].is_open]
    if closed:
        raise ReviewError(f"Already decided since it was raised: {', '.join(closed[:10])}. Reload the queue; "
                          "nothing was recorded.")
    wanted = {by_key[k].entity_id for k in keys}
    entities: dict[str, ListEntity] = {}
    for entity in loaded.lists.entities:
        entity_id = entity.get("id") if isinstance(entity, dict) else entity.id
        if entity_id in wanted and entity_id not in entities:
            entities[entity_id] = entity if isinstance(entity, ListEntity) else ListEntity.model_validate(entity)
    missing = sorted(wanted - entities.keys())
    if missing:
        raise ReviewError(f"No longer on the loaded lists: {', '.join(missing[:10])}. Nothing was recorded.")

    groups: dict[tuple[str, str], list[Alert]] = {}
    for key in keys:
        alert = by_key[key]
        groups.setdefault((alert.party_key, alert.entity_id), []).append(alert)
    version = loaded.screener.config.version
    recorded = []
    with state.database.begin() as connection:  # the whole decision and its audit records, or nothing
        for alerts in groups.values():
            first = alerts[0]
            entity = entities[first.entity_id]
            snapshot = loaded.lists.snapshots.get(entity.list)
            disposition = record_disposition(
                connection, query=first.query, entity=entity, snapshot_id=snapshot, decision=decision,
                reason=reason, decided_by=decided_by, at=at, matcher_version=version)
            record(connection, actor=decided_by, action="disposition.recorded",
                   subject=f"disposition:{disposition.id}",
                   detail={"party": first.party_name, "entity": first.entity_id, "decision": decision,
                           "reason": reason, "alerts": [a.key for a in alerts],
                           "reports": sorted({a.report_id for a in alerts})},
                   snapshots={entity.list: snapshot or ""}, at=at)
            recorded.append(disposition)
    return Decided(recorded, [by_key[k] for k in keys])


__all__ = ["ALERT_RULES", "MAX_BULK", "Alert", "Decided", "ReviewError", "age_text", "alerts_of", "all_alerts",
           "decide", "open_alerts"]

"""The screening review workflow: dispositions, the accept list, stored parties, re-screening.

*Dispositions* are a reviewer's decision on one alert (one party against one list entry):
``true_match`` or ``false_positive``, with a reason, who decided and when. They are
append-only: nothing here updates or deletes a row. Deciding again adds a row, and the
latest one for the same (party, entity) is the one in force (latest ``decided_at``, then the
highest ``id``); the older ones are its history.

The *accept list* is the set of ``false_positive`` dispositions in force: it suppresses the
same alert for the same party (:func:`party_key`, so "Hamid AL-ALI" and "AL ALI, Hamid" with
the same country, date of birth and type are one party) while the list entry is unchanged
(:func:`entry_hash`). When the entry changed since the disposition, the alert is raised again
and :class:`AcceptListOutcome` says since which disposition. ``true_match`` never suppresses.

*Stored parties* (:func:`remember`) keep the alerts of their last screening and the list
snapshots it ran on; :func:`rescreen` screens them again after a list snapshot changed and
reports only the alerts that are new, changed or cleared.

Time is always passed in (``at``); nothing here reads the clock. Times are stored and
returned in UTC.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from clearance.errors import InputError, InputProblem
from clearance.screening.entity import EntityType, ListEntity
from clearance.screening.matcher import Match, PartyQuery, ScreenResult
from clearance.screening.prepare import name_tokens
from clearance.store.db import transaction
from clearance.store.fields import as_utc, aware_utc, checked_text, iso_utc
from clearance.store.schema import screened_party, screening_disposition

TRUE_MATCH = "true_match"
FALSE_POSITIVE = "false_positive"
#: The decisions a disposition may record.
DECISIONS = (TRUE_MATCH, FALSE_POSITIVE)

_SOURCE = "screening disposition"
_MAX_LENGTH = {"decided_by": 120, "snapshot_id": 80, "matcher_version": 40, "entity_id": 160, "list": 40,
               "ref": 200}
_BATCH = 500


# --- identities ------------------------------------------------------------------------------

def party_key(query: PartyQuery) -> str:
    """The identity of a screened party: sha256 hex of its canonical form.

    The canonical form is the prepared name tokens (:func:`clearance.screening.prepare.name_tokens`,
    prepared as the matcher prepares the name for the query's type) sorted and joined by a
    space, then ``|`` country (upper case), ``|`` date of birth, ``|`` entity type, each empty
    when unknown. Spelling, punctuation, case and word order of the name do not change the
    key; the country, date of birth or type do. Gender, identifiers and ``ref`` are not part of it.
    """
    tokens = sorted(t.text for t in name_tokens(query.name, kind=query.type))
    kind = EntityType(query.type).value if query.type is not None else ""
    canonical = "|".join((" ".join(tokens), (query.country or "").strip().upper(), query.dob or "", kind))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def entry_hash(entity: ListEntity) -> str:
    """sha256 hex of a list entry's content (JSON, sorted keys, compact): same hash, same entry."""
    data = json.dumps(entity.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


# --- dispositions ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Disposition:
    """One reviewer decision on one alert, as stored (times in UTC)."""

    id: int
    party_key: str
    party_name: str
    party_query: dict[str, Any]  # the PartyQuery as screened (``model_dump(mode="json")``)
    entity_id: str
    list: str
    entry_hash: str  # the list entry decided on
    snapshot_id: str | None
    decision: str  # true_match | false_positive
    reason: str
    decided_by: str
    decided_at: datetime  # UTC
    matcher_version: str

    @property
    def is_false_positive(self) -> bool:
        return self.decision == FALSE_POSITIVE

    def changed_note(self) -> str:
        """What to tell a reviewer when the entry changed after this disposition."""
        return (f"entry changed since the {self.decision.replace('_', '-')} disposition of "
                f"{self.decided_at.date().isoformat()} by {self.decided_by}")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (times as ISO 8601 UTC)."""
        return {
            "id": self.id, "party_key": self.party_key, "party_name": self.party_name,
            "party_query": self.party_query, "entity_id": self.entity_id, "list": self.list,
            "entry_hash": self.entry_hash, "snapshot_id": self.snapshot_id, "decision": self.decision,
            "reason": self.reason, "decided_by": self.decided_by, "decided_at": iso_utc(self.decided_at),
            "matcher_version": self.matcher_version,
        }


def _disposition(row: sa.Row) -> Disposition:
    return Disposition(
        id=row.id, party_key=row.party_key, party_name=row.party_name, party_query=dict(row.party_query),
        entity_id=row.entity_id, list=row.list, entry_hash=row.entry_hash, snapshot_id=row.snapshot_id,
        decision=row.decision, reason=row.reason, decided_by=row.decided_by,
        decided_at=as_utc(row.decided_at), matcher_version=row.matcher_version,
    )


def _order(disposition: Disposition) -> tuple[datetime, int]:
    """Supersession order: the latest ``decided_at`` wins, then the highest id."""
    return disposition.decided_at, disposition.id


def record_disposition(
    engine: sa.Engine | sa.Connection,
    *,
    query: PartyQuery,
    entity: ListEntity,
    snapshot_id: str | None,
    decision: str,
    reason: str,
    decided_by: str,
    at: datetime,
    matcher_version: str,
) -> Disposition:
    """Append a disposition of the alert ``query`` × ``entity``; return the stored row.

    ``decision`` is ``true_match`` or ``false_positive``; ``reason`` and ``decided_by`` must not
    be empty. Every problem is reported at once as an :class:`InputError` naming the field.
    ``at`` must be timezone-aware (:class:`ValueError` otherwise). Earlier dispositions of the
    same alert are left as they are: the new row supersedes them when it is the latest. Given a
    connection, the row is written in the caller's transaction (with its audit record).
    """
    at = aware_utc(at)
    problems: list[InputProblem] = []
    choice = (decision or "").strip()
    if choice not in DECISIONS:
        problems.append(InputProblem("decision", "decision",
                                     f"'{decision}' is not a decision; use one of {', '.join(DECISIONS)}"))
    why = checked_text(problems, "reason", reason, required=True, max_length=_MAX_LENGTH)
    who = checked_text(problems, "decided_by", decided_by, required=True, max_length=_MAX_LENGTH)
    snapshot = checked_text(problems, "snapshot_id", snapshot_id, required=False, max_length=_MAX_LENGTH)
    version = checked_text(problems, "matcher_version", matcher_version, required=True, max_length=_MAX_LENGTH)
    checked_text(problems, "entity_id", entity.id, required=True, max_length=_MAX_LENGTH)
    checked_text(problems, "list", entity.list, required=True, max_length=_MAX_LENGTH)
    if problems:
        raise InputError(_SOURCE, problems)

    with transaction(engine) as connection:
        inserted = connection.execute(screening_disposition.insert().values(
            party_key=party_key(query), party_name=query.name, party_query=query.model_dump(mode="json"),
            entity_id=entity.id, list=entity.list, entry_hash=entry_hash(entity), snapshot_id=snapshot,
            decision=choice, reason=why, decided_by=who, decided_at=at, matcher_version=version,
        )).inserted_primary_key
        assert inserted is not None
        new_id = inserted[0]
        row = connection.execute(sa.select(screening_disposition).where(screening_disposition.c.id == new_id)).one()
    return _disposition(row)


def dispositions(engine: sa.Engine, *, party_key: str | None = None,
                 entity_id: str | None = None) -> list[Disposition]:
    """Disposition history, oldest first (by ``decided_at``, then id): the last one of an
    alert is the one in force. Filtered by party key and/or entity id when given."""
    table = screening_disposition
    statement = sa.select(table)
    if party_key is not None:
        statement = statement.where(table.c.party_key == party_key)
    if entity_id is not None:
        statement = statement.where(table.c.entity_id == entity_id)
    with engine.connect() as connection:
        rows = connection.execute(statement.order_by(table.c.decided_at, table.c.id)).all()
    return sorted((_disposition(r) for r in rows), key=_order)


def _latest(connection: sa.Connection, key: str, entity_ids: Iterable[str]) -> dict[str, Disposition]:
    """The disposition in force per entity id for one party: one query for all the ids."""
    wanted = sorted(set(entity_ids))
    if not wanted:
        return {}
    table = screening_disposition
    rows = connection.execute(
        sa.select(table).where(table.c.party_key == key, table.c.entity_id.in_(wanted))).all()
    latest: dict[str, Disposition] = {}
    for disposition in map(_disposition, rows):
        found = latest.get(disposition.entity_id)
        if found is None or _order(disposition) > _order(found):
            latest[disposition.entity_id] = disposition
    return latest


# --- accept list -----------------------------------------------------------------------------

@dataclass(frozen=True)
class AcceptListOutcome:
    """The matches of one screening after the accept list.

    ``kept``: the matches still to review, in the result's order. ``suppressed``: matches whose
    disposition in force is ``false_positive`` on the unchanged entry, with that disposition.
    ``changed``: entity id → the ``false_positive`` disposition in force, for kept matches whose
    entry changed since (say ``disposition.changed_note()``). ``latest``: entity id → the
    disposition in force of every matched entity that has one (true matches included).
    """

    kept: list[Match]
    suppressed: list[tuple[Match, Disposition]]
    changed: dict[str, Disposition]
    latest: dict[str, Disposition]


def _split(matches: Iterable[Match], latest: dict[str, Disposition]) -> AcceptListOutcome:
    kept: list[Match] = []
    suppressed: list[tuple[Match, Disposition]] = []
    changed: dict[str, Disposition] = {}
    for match in matches:
        disposition = latest.get(match.entity_id)
        if disposition is None or not disposition.is_false_positive or match.entity is None:
            kept.append(match)
        elif disposition.entry_hash == entry_hash(match.entity):
            suppressed.append((match, disposition))
        else:
            kept.append(match)
            changed[match.entity_id] = disposition
    found = {m.entity_id for m in kept} | {m.entity_id for m, _ in suppressed}
    return AcceptListOutcome(kept, suppressed, changed, {k: v for k, v in latest.items() if k in found})


def _every_match(result: ScreenResult) -> list[Match]:
    """The result's matches, with those already suppressed (``ScreenResult.suppress``) after them."""
    return [*result.matches, *(m for m, _ in getattr(result, "suppressed", None) or [])]


def accept_list(engine: sa.Engine, result: ScreenResult) -> AcceptListOutcome:
    """Apply the accept list to one screening result (one query for all its matches).

    Matches already moved to ``result.suppressed`` are considered again, so applying the accept
    list twice gives the same outcome.
    """
    matches = _every_match(result)
    with engine.connect() as connection:
        latest = _latest(connection, party_key(result.query), (m.entity_id for m in matches))
    return _split(matches, latest)


def apply_accept_list(engine: sa.Engine,
                      result: ScreenResult) -> tuple[list[Match], list[tuple[Match, Disposition]]]:
    """The matches to review and the suppressed ones (each with its ``false_positive`` disposition).

    A match is suppressed when the disposition in force for (this party, its entity) is
    ``false_positive`` and the entry is unchanged since. Use :func:`accept_list` to also learn
    which kept matches had a false-positive disposition on an entry that changed since.
    """
    outcome = accept_list(engine, result)
    return outcome.kept, outcome.suppressed


def changed_since_disposition(engine: sa.Engine, result: ScreenResult) -> dict[str, Disposition]:
    """Entity id → the ``false_positive`` disposition in force, for matches raised again because
    the list entry changed since that disposition."""
    return accept_list(engine, result).changed


# --- stored parties --------------------------------------------------------------------------

def _alerts(matches: Iterable[Match]) -> dict[str, dict[str, Any]]:
    return {m.entity_id: {"entry_hash": entry_hash(m.entity) if m.entity is not None else None,
                          "band": m.band, "score": round(m.score, 4), "list": m.list, "name": m.name}
            for m in matches}


def remember(engine: sa.Engine, result: ScreenResult, snapshots: dict[str, str], at: datetime) -> None:
    """Store (or update) the party of ``result`` for re-screening, with this screening's alerts.

    Every match of the result is kept as an alert, suppressed ones included (those in
    ``result.matches`` and in ``result.suppressed``): the accept list is applied when alerts are
    reported, so a later disposition needs no rewrite here. ``ref`` is
    ``result.query.ref``; a screening without one keeps the ref stored before. ``snapshots`` is
    ``{dataset: snapshot id}`` of the lists screened.
    """
    at = aware_utc(at)
    query = result.query
    problems: list[InputProblem] = []
    ref = checked_text(problems, "ref", query.ref, required=False, max_length=_MAX_LENGTH)
    if problems:
        raise InputError("screened party", problems)
    values = {"party_key": party_key(query), "ref": ref, "party_query": query.model_dump(mode="json"),
              "first_screened_at": at, "last_screened_at": at, "alerts": _alerts(_every_match(result)),
              "snapshots": dict(snapshots)}
    with engine.begin() as connection:
        _upsert(connection, values)


def _upsert(connection: sa.Connection, values: dict[str, Any]) -> None:
    table = screened_party
    dialect = connection.dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(table).values(**values)
        connection.execute(insert.on_conflict_do_update(index_elements=[table.c.party_key], set_={
            "ref": sa.func.coalesce(insert.excluded.ref, table.c.ref),
            "party_query": insert.excluded.party_query,
            "last_screened_at": insert.excluded.last_screened_at,
            "alerts": insert.excluded.alerts,
            "snapshots": insert.excluded.snapshots,
        }))
        return
    existing = connection.execute(
        sa.select(table.c.id, table.c.ref).where(table.c.party_key == values["party_key"]).with_for_update()
    ).first()
    if existing is None:
        connection.execute(table.insert().values(**values))
    else:
        update = {k: values[k] for k in ("party_query", "last_screened_at", "alerts", "snapshots")}
        connection.execute(table.update().where(table.c.id == existing.id)
                           .values(ref=values["ref"] or existing.ref, **update))


# --- re-screening ----------------------------------------------------------------------------

@dataclass(frozen=True)
class RescreenChange:
    """One alert of a stored party that is new, changed or cleared since its last screening.

    ``change``: ``new`` (the entity was not alerted before), ``changed`` (same entity, but its
    list entry or the band differs) or ``cleared`` (alerted before, not any more: ``band`` is
    ``clear`` and ``score`` None). ``disposition``: the ``false_positive`` disposition in force
    when the alert is raised again because the entry changed since it.
    """

    party_key: str
    ref: str | None
    party_name: str
    entity_id: str
    list: str
    change: str  # new | changed | cleared
    band: str
    score: float | None
    previous_band: str | None
    detail: str
    disposition: Disposition | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"party_key": self.party_key, "ref": self.ref, "party_name": self.party_name,
                "entity_id": self.entity_id, "list": self.list, "change": self.change, "band": self.band,
                "score": self.score, "previous_band": self.previous_band, "detail": self.detail,
                "disposition": self.disposition.as_dict() if self.disposition else None}


@dataclass(frozen=True)
class RescreenReport:
    """What :func:`rescreen` found: the changes, and how many parties were screened or skipped."""

    changes: list[RescreenChange]
    screened: int
    skipped: int  # stored snapshots equal the current ones (and not forced)


def rescreen(
    engine: sa.Engine,
    screen: Callable[[PartyQuery], ScreenResult],
    snapshots: dict[str, str],
    at: datetime,
    progress: Callable[[int, int], None] | None = None,
    *,
    force: bool = False,
) -> RescreenReport:
    """Screen every stored party again (in id order) and report only what changed.

    ``screen`` may apply the accept list itself (``ScreenResult.suppress``) or not: the matches
    it suppressed are taken into account either way.

    A party whose stored ``snapshots`` equal ``snapshots`` was screened on these very lists and
    is skipped, unless ``force`` (after a matcher change, say). For every other party, the new
    matches are compared with the stored alerts:

    * ``new``: an entity not alerted before (unless the accept list suppresses it);
    * ``changed``: the same entity, but its entry (``entry_hash``) or its band differs (unless
      suppressed: a false positive on the entry as it is now);
    * ``cleared``: alerted before, not any more: the entry left the list, or changed so that it
      no longer matches. Reported because a true match leaving a list matters too; an alert
      that was suppressed by a false-positive disposition on that same entry is not reported.

    Unchanged alerts are not reported. Each screened party's ``alerts``, ``snapshots`` and
    ``last_screened_at`` are updated (one transaction per batch of parties). ``progress(done,
    total)`` is called after each party, skipped ones included.
    """
    at = aware_utc(at)
    table = screened_party
    with engine.connect() as connection:
        total, last_id = connection.execute(sa.select(sa.func.count(), sa.func.max(table.c.id))).one()
    changes: list[RescreenChange] = []
    screened = skipped = done = 0
    after = 0
    while last_id is not None and after < last_id:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.select(table).where(table.c.id > after, table.c.id <= last_id)
                .order_by(table.c.id).limit(_BATCH)).all()
        if not rows:
            break
        after = rows[-1].id
        updates: list[dict[str, Any]] = []
        for row in rows:
            done += 1
            if not force and dict(row.snapshots or {}) == dict(snapshots):
                skipped += 1
            else:
                matches = _every_match(screen(PartyQuery.model_validate(row.party_query)))
                stored: dict[str, dict[str, Any]] = dict(row.alerts or {})
                with engine.connect() as connection:
                    latest = _latest(connection, row.party_key, [*stored, *(m.entity_id for m in matches)])
                changes.extend(_compare(row, stored, matches, latest))
                updates.append({"row_id": row.id, "alerts": _alerts(matches),
                                "snapshots": dict(snapshots), "last_screened_at": at})
                screened += 1
            if progress is not None:
                progress(done, total)
        if updates:
            with engine.begin() as connection:
                connection.execute(
                    table.update().where(table.c.id == sa.bindparam("row_id"))
                    .values(alerts=sa.bindparam("alerts"), snapshots=sa.bindparam("snapshots"),
                            last_screened_at=sa.bindparam("last_screened_at")),
                    updates)
    return RescreenReport(changes, screened, skipped)


def _compare(row: sa.Row, stored: dict[str, dict[str, Any]], matches: list[Match],
             latest: dict[str, Disposition]) -> list[RescreenChange]:
    """The new, changed and cleared alerts of one stored party."""
    outcome = _split(matches, latest)
    name = str(row.party_query.get("name", ""))

    def change(entity_id: str, entity_list: str, kind: str, band: str, score: float | None,
               previous: str | None, detail: str, disposition: Disposition | None = None) -> RescreenChange:
        return RescreenChange(row.party_key, row.ref, name, entity_id, entity_list, kind, band, score, previous,
                              detail, disposition)

    found: list[RescreenChange] = []
    for match in outcome.kept:
        before = stored.get(match.entity_id)
        disposition = outcome.changed.get(match.entity_id)
        note = f"; {disposition.changed_note()}" if disposition else ""
        score = round(match.score, 4)
        if before is None:
            found.append(change(match.entity_id, match.list, "new", match.band, score, None,
                                f"new {match.band} alert: '{match.name}' on {match.list} (score {score:.2f}){note}",
                                disposition))
            continue
        now_hash = entry_hash(match.entity) if match.entity is not None else None
        what = []
        if before.get("entry_hash") != now_hash:
            what.append("list entry changed")
        if before.get("band") != match.band:
            what.append(f"band {before.get('band')} -> {match.band}")
        if what:
            found.append(change(match.entity_id, match.list, "changed", match.band, score, before.get("band"),
                                f"{', '.join(what)}: '{match.name}' on {match.list} (score {score:.2f}){note}",
                                disposition))
    matched = {m.entity_id for m in matches}
    for entity_id in sorted(set(stored) - matched):
        before = stored[entity_id]
        disposition = latest.get(entity_id)
        if disposition is not None and disposition.is_false_positive \
                and disposition.entry_hash == before.get("entry_hash"):
            continue  # it was suppressed: never an alert to clear
        found.append(change(entity_id, str(before.get("list", "")), "cleared", "clear", None, before.get("band"),
                            f"no longer alerted (was {before.get('band')}): '{before.get('name')}' left "
                            f"{before.get('list')} or no longer matches"))
    return found

"""The screening engine in the ``check`` pipeline: every party of the shipment against every list."""

from __future__ import annotations

import sqlalchemy as sa

from clearance.engine import CheckContext, EngineOutcome
from clearance.model import Finding, Shipment
from clearance.model.party import Party
from clearance.refdata import ReferenceData
from clearance.screening import rules as R
from clearance.screening.lists import screener_for
from clearance.screening.matcher import PartyQuery, Screener, ScreenResult
from clearance.screening.parties_file import why


def party_query(index: int, party: Party) -> PartyQuery:
    identifiers = [v for v in (party.tax_id, party.eori, party.importer_number) if v]
    return PartyQuery(name=party.name, country=party.address.country if party.address else None,
                      identifiers=identifiers, ref=f"party {index + 1} ({', '.join(map(str, party.roles))})")


def screen_party(database: sa.Engine | None, screener: Screener,
                 query: PartyQuery) -> tuple[ScreenResult, dict[str, object]]:
    """Screen one party and apply the accept list kept in ``database`` (none: no dispositions): the
    result, and the entities whose entry changed since a false-positive disposition, with that disposition."""
    result = screener.screen(query)
    if database is None or not result.matches:
        return result, {}
    from clearance.store.screening import accept_list

    outcome = accept_list(database, result)
    result.suppress(outcome.kept, outcome.suppressed)
    return result, dict(outcome.changed)


class ScreeningEngine:
    """Denied-party and sanctions screening of a shipment's parties."""

    name = "screening"
    rules = R.RULES

    def warm(self, reference: ReferenceData) -> None:
        """Read (or build) the screener over the loaded lists now, once per reference-data accessor:
        from ``reference.screening_cache`` when its index is stored there, else built (seconds)."""
        screener_for(reference)

    def run(self, shipment: Shipment, context: CheckContext) -> EngineOutcome:
        if not shipment.parties:
            return EngineOutcome(note="no parties")
        loaded = screener_for(context.reference)
        if loaded is None:
            finding = R.LISTS_MISSING.finding("no sanctions or denied-party list is loaded: parties not screened",
                                              evidence={"parties": len(shipment.parties)}, engine=self.name)
            return EngineOutcome([finding], note="no lists loaded")
        snapshots = loaded.lists.snapshots
        findings: list[Finding] = []
        summary = []
        for index, party in enumerate(shipment.parties):
            query = party_query(index, party)
            result, changed = screen_party(context.reference.database, loaded.screener, query)
            findings.extend(self._findings(result, changed, snapshots))
            summary.append({"party": query.ref, "name": party.name, "band": result.band,
                            "alerts": [m.entity_id for m in result.matches],
                            "suppressed": [m.entity_id for m, _ in result.suppressed]})
        return EngineOutcome(findings, result={"matcher_version": loaded.screener.config.version,
                                               "lists": snapshots, "parties": summary})

    def _findings(self, result: ScreenResult, changed: dict[str, object],
                  snapshots: dict[str, str]) -> list[Finding]:
        findings = []
        for match in result.matches:
            snapshot = snapshots.get(match.list)
            evidence = {"party": result.query.name, **match.explain(), "snapshot": snapshot}
            location = result.query.ref
            if match.entity_id in changed:
                earlier = changed[match.entity_id]
                rule = R.ENTRY_CHANGED
                message = (f"{result.query.name}: {match.entity_id} ({match.name}) raised again, "
                           f"{earlier.changed_note()}; score {match.score:.3f}")  # type: ignore[attr-defined]
            else:
                rule = R.MATCH if match.band == "block" else R.POSSIBLE_MATCH
                message = (f"{result.query.name} matches {match.entity_id} '{match.name}' "
                           f"({match.name_role}), score {match.score:.3f} ({match.band}): {why(match)}")
            findings.append(rule.finding(message, evidence=evidence, location=location, engine=self.name,
                                         snapshots=[snapshot] if snapshot else []))
        for match, disposition in result.suppressed:
            findings.append(R.SUPPRESSED.finding(
                f"{result.query.name}: alert on {match.entity_id} suppressed — false positive recorded by "
                f"{disposition.decided_by} on {disposition.decided_at:%Y-%m-%d}: {disposition.reason}",
                evidence={"entity_id": match.entity_id, "score": round(match.score, 4),
                          "disposition_id": disposition.id}, location=result.query.ref, engine=self.name))
        return findings

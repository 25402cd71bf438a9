"""The export-control engine in the ``check`` pipeline: a licence determination per export line,
the parties' list hits turned into licence consequences, and the EEI requirement and completeness."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from clearance.engine import CheckContext, EngineOutcome
from clearance.export_control import rules as R
from clearance.export_control.destination import CHART, region_in
from clearance.export_control.determine import (
    CCL,
    Determination,
    DeterminationError,
    Outcome,
    Request,
    determine,
)
from clearance.export_control.eccn import EccnError, parse_eccn
from clearance.export_control.eei import (
    LineLicensing,
    eei_missing_elements,
    eei_requirement,
)
from clearance.export_control.end_users import Effect, PartyHit, party_hit
from clearance.model import Finding, Shipment
from clearance.model.party import PartyRole
from clearance.model.shipment import Direction
from clearance.refdata import ReferenceData
from clearance.screening.matcher import PartyQuery

EEI_ELEMENTS = "eei_elements"
_END_PARTIES = (PartyRole.END_USER, PartyRole.CONSIGNEE, PartyRole.INTERMEDIATE_CONSIGNEE, PartyRole.BUYER)


def screened_hits(reference: ReferenceData, parties: Sequence[tuple[str, PartyQuery]]
                  ) -> tuple[list[PartyHit], dict[str, str] | None]:
    """Screen each (name, query) against the loaded lists with the accept list applied; the hits with a US
    export consequence, and the list snapshots (None: no list loaded, nothing screened)."""
    from clearance.screening.engine import screen_party
    from clearance.screening.lists import screener_for

    loaded = screener_for(reference)
    if loaded is None:
        return [], None
    hits: list[PartyHit] = []
    for name, query in parties:
        result, _ = screen_party(reference.database, loaded.screener, query)
        hits += [hit for match in result.matches if (hit := party_hit(name, match)) is not None]
    return hits, loaded.lists.snapshots


def party_hits(reference: ReferenceData, shipment: Shipment) -> tuple[list[PartyHit], dict[str, str] | None]:
    """Every party of the shipment screened (see :func:`screened_hits`)."""
    from clearance.screening.engine import party_query

    return screened_hits(reference, [(party.name, party_query(index, party))
                                     for index, party in enumerate(shipment.parties)])


def destination_code(shipment: Shipment) -> str | None:
    """The destination country, or the 746.6 region an end user's or consignee's Ukrainian address names."""
    country = shipment.destination_country
    if country == "UA":
        for role in _END_PARTIES:
            for party in shipment.parties_with(role):
                address = party.address
                if address and address.country == "UA":
                    region = region_in(" ".join([*address.street, address.city or "", address.subdivision or ""]))
                    if region:
                        return region
    return country


def _values_by_eccn(shipment: Shipment) -> dict[str, Decimal | None]:
    """Net USD value per ECCN in the shipment (LVS limits are per shipment of an ECCN, 15 CFR 740.3)."""
    totals: dict[str, Decimal | None] = defaultdict(Decimal)
    for line in shipment.lines:
        try:
            code = parse_eccn(line.eccn).code if line.eccn else None
        except EccnError:
            continue
        if code is None:
            continue
        current = totals[code]
        totals[code] = None if current is None or line.value.currency != "USD" else current + line.value.amount
    return dict(totals)


class ExportControlEngine:
    """Licence determination (EAR/ITAR), embargoes, end users and EEI for export shipments."""

    name = "export_control"
    rules = R.RULES

    def run(self, shipment: Shipment, context: CheckContext) -> EngineOutcome:
        if shipment.direction is not Direction.EXPORT:
            return EngineOutcome(note="not an export shipment")
        reference = context.reference
        if not (reference.has(CCL) and reference.has(CHART)):
            return EngineOutcome([R.DATA_MISSING.finding(
                "the Commerce Control List or the Country Chart is not loaded: no export line was determined; run "
                "`clearance data import`", engine=self.name)], note="export-control data not loaded")
        findings: list[Finding] = []
        hits, lists = party_hits(reference, shipment)
        if lists is None:
            findings.append(R.SCREENING_UNAVAILABLE.finding(
                "no denied-party list is loaded: Entity List, Denied Persons, Unverified and MEU checks not made",
                engine=self.name))
        code = destination_code(shipment)
        values = _values_by_eccn(shipment)
        results: list[Determination] = []
        licensing: list[LineLicensing] = []
        for line in shipment.lines:
            where = f"line {line.number}"
            if not line.eccn and not line.usml_category:
                findings.append(R.CLASSIFICATION_MISSING.finding(
                    f"line {line.number} ('{line.description[:60]}') has no ECCN, EAR99 or USML category",
                    location=where, engine=self.name))
                continue
            if code is None:
                findings.append(R.INPUT_INVALID.finding("the shipment has no destination country", location=where,
                                                        engine=self.name))
                continue
            try:
                key = parse_eccn(line.eccn).code if line.eccn else None
                result = determine(reference, Request(
                    destination=code, as_of=context.as_of, eccn=line.eccn, usml=line.usml_category,
                    value=values.get(key) if key else None, export=line.export, hits=tuple(hits), line=line.number))
            except (DeterminationError, EccnError) as exc:
                findings.append(R.INPUT_INVALID.finding(f"line {line.number}: {exc}", location=where,
                                                        engine=self.name))
                continue
            if lists:
                result.snapshots.update({f"screening:{name}": snap for name, snap in lists.items()})
            results.append(result)
            findings += self._line_findings(result, where)
            licensing.append(self._licensing(result))
        findings += self._eei_findings(shipment, reference, licensing, hits)
        return EngineOutcome(findings, result={"destination": code, "determinations": [r.to_dict() for r in results],
                                               "party_hits": [vars(h) | {"effect": h.effect.value} for h in hits]})

    def _line_findings(self, result: Determination, where: str) -> list[Finding]:
        evidence = result.to_dict()
        snapshots = sorted(set(result.snapshots.values()))
        export = result.request.export
        rule = {Outcome.NLR: R.NLR, Outcome.PROHIBITED: R.PROHIBITED, Outcome.REVIEW: R.REVIEW,
                Outcome.EXCEPTION_CANDIDATE: R.EXCEPTION_CANDIDATE, Outcome.LICENCE_REQUIRED: R.LICENCE_REQUIRED}[
            result.outcome]
        if result.has("claim_rejected"):
            rule = R.EXCEPTION_NOT_AVAILABLE
        elif result.outcome in (Outcome.LICENCE_REQUIRED, Outcome.EXCEPTION_CANDIDATE) and export and \
                export.license_number:
            rule = R.LICENCE_CITED
        columns = f" [chart columns {', '.join(result.columns)}]" if result.columns else ""
        found = [rule.finding(f"{result.summary()}{columns}", evidence=evidence, location=where,
                              engine=self.name, snapshots=snapshots)]
        if result.verify:
            found.append(R.SOURCE_VERIFY.finding("; ".join(result.verify), location=where, engine=self.name,
                                                 evidence={"verify": result.verify}, snapshots=snapshots))
        return found

    @staticmethod
    def _licensing(result: Determination) -> LineLicensing:
        export = result.request.export
        claimed = export.license_exception if export else None
        ships_under = claimed if claimed and any(c.symbol == claimed and c.eligible for c in result.exceptions) \
            else None
        needs = result.outcome in (Outcome.LICENCE_REQUIRED, Outcome.PROHIBITED) or (
            result.outcome is Outcome.EXCEPTION_CANDIDATE and ships_under is None)
        return LineLicensing(line=result.request.line or 0, licence_required=needs,
                             usml=result.authority.startswith("DDTC"), eccn=result.request.eccn,
                             exception=ships_under)

    def _eei_findings(self, shipment: Shipment, reference: ReferenceData, licensing: list[LineLicensing],
                      hits: list[PartyHit]) -> list[Finding]:
        uvl = any(h.list_name == "Unverified List" and h.effect is Effect.NO_EXCEPTIONS for h in hits)
        need = eei_requirement(shipment, licensing, unverified_list_party=uvl)
        found: list[Finding] = []
        if need.undetermined:
            found.append(R.EEI_UNDETERMINED.finding("; ".join(need.undetermined), engine=self.name,
                                                    evidence={"undetermined": list(need.undetermined)}))
        if not need.required:
            if need.exemptions:
                why = "; ".join(f"{e.text} ({e.citation})" for e in need.exemptions)
                found.append(R.EEI_NOT_REQUIRED.finding(f"EEI not required: {why}", engine=self.name))
            return found
        why = "; ".join(f"{r.text} ({r.citation})" for r in need.reasons)
        found.append(R.EEI_REQUIRED.finding(f"EEI must be filed in AES: {why}", engine=self.name,
                                            evidence={"reasons": [vars(r) for r in need.reasons]}))
        elements = reference.records(EEI_ELEMENTS)
        if not elements:
            return found
        missing = eei_missing_elements(shipment, elements, licensing)
        absent = [m for m in missing if not m.expected_from.startswith("not checked")]
        if absent:
            named = "; ".join(f"{m.cfr_ref} {m.element} ({m.expected_from})" for m in absent)
            found.append(R.EEI_INCOMPLETE.finding(f"{len(absent)} EEI data element(s) missing: {named}",
                                                  engine=self.name,
                                                  evidence={"missing": [vars(m) for m in missing]}))
        return found

"""Identifier and code checks over a whole shipment: containers, vessels, carriers, traders, ports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from clearance.documents import rules as R
from clearance.documents.identifiers import (
    IdentifierCheck,
    check_air_waybill_number,
    check_container_number,
    check_eori,
    check_iata_airline_code,
    check_imo_number,
    check_importer_number,
    check_mid,
    check_scac,
)
from clearance.engine import CheckContext
from clearance.model import (
    AirWaybill,
    BillOfLading,
    CommercialInvoice,
    Direction,
    Finding,
    PackingList,
    PartyRole,
    Rule,
    Shipment,
    TransportMode,
)

#: UN/LOCODE function classifier position (1-based) each transport mode needs.
MODE_FUNCTION = {
    TransportMode.OCEAN: "1", TransportMode.RAIL: "2", TransportMode.TRUCK: "3",
    TransportMode.AIR: "4", TransportMode.EXPRESS: "4", TransportMode.MAIL: "5",
}


def _identifier(rule: Rule, check: IdentifierCheck, where: list[str]) -> Finding:
    return rule.finding(
        f"{check.kind} '{check.value}' is invalid: {check.reason}",
        evidence={"value": check.value, "reason": check.reason, "seen_in": where, **check.detail},
        location=where[0],
    )


def container_numbers(shipment: Shipment) -> dict[str, list[str]]:
    """Every container number in the shipment, with where it was seen."""
    seen: dict[str, list[str]] = defaultdict(list)
    for line in shipment.lines:
        for number in line.container_numbers:
            seen[number].append(f"line {line.number}")
    for index, doc in enumerate(shipment.documents):
        if isinstance(doc, BillOfLading):
            for ref in doc.containers:
                seen[ref.number].append(f"documents[{index}] bill_of_lading")
        elif isinstance(doc, PackingList):
            numbers = set(doc.container_numbers) | {
                pl.container_number for pl in doc.lines if pl.container_number}
            for number in sorted(numbers):
                seen[number].append(f"documents[{index}] packing_list")
    return seen


def check_identifiers(shipment: Shipment) -> Iterator[Finding]:
    for number, where in sorted(container_numbers(shipment).items()):
        result = check_container_number(number)
        if not result.valid:
            yield _identifier(R.CONTAINER_INVALID, result, where)
    yield from _document_identifiers(shipment)
    yield from _party_identifiers(shipment)


def _document_identifiers(shipment: Shipment) -> Iterator[Finding]:
    for index, doc in enumerate(shipment.documents):
        where = [f"documents[{index}] {doc.type}"]
        checks: list[tuple[Rule, Callable[[str], IdentifierCheck], str | None]] = []
        if isinstance(doc, BillOfLading):
            checks = [(R.IMO_INVALID, check_imo_number, doc.vessel_imo),
                      (R.SCAC_INVALID, check_scac, doc.carrier_scac)]
        elif isinstance(doc, AirWaybill):
            checks = [(R.AWB_INVALID, check_air_waybill_number, doc.number),
                      (R.IATA_INVALID, check_iata_airline_code, doc.airline_iata)]
        for rule, checker, value in checks:
            if value:
                result = checker(value)
                if not result.valid:
                    yield _identifier(rule, result, where)


def _party_identifiers(shipment: Shipment) -> Iterator[Finding]:
    for index, party in enumerate(shipment.parties):
        where = [f"parties[{index}] {party.name}"]
        for rule, checker, value in (
            (R.SCAC_INVALID, check_scac, party.scac),
            (R.IATA_INVALID, check_iata_airline_code, party.iata_code),
            (R.EORI_INVALID, check_eori, party.eori),
            (R.MID_INVALID, check_mid, party.mid),
            (R.IMPORTER_NUMBER_INVALID, check_importer_number, party.importer_number),
        ):
            if value:
                result = checker(value)
                if not result.valid:
                    yield _identifier(rule, result, where)
    if shipment.direction is Direction.IMPORT:
        importer = shipment.party(PartyRole.IMPORTER_OF_RECORD)
        if importer is None or not importer.importer_number:
            yield R.IMPORTER_NUMBER_MISSING.finding(
                "no importer of record with an importer number"
                if importer is None else f"importer of record '{importer.name}' has no importer number",
                evidence={"importer_of_record": importer.name if importer else None},
                location="parties",
            )
        if not any(p.mid for p in shipment.parties_with(PartyRole.MANUFACTURER)):
            yield R.MID_MISSING.finding(
                "no manufacturer with a MID is named; the entry summary needs one per line",
                evidence={"manufacturers": [p.name for p in shipment.parties_with(PartyRole.MANUFACTURER)]},
                location="parties",
            )


def check_codes(shipment: Shipment, context: CheckContext) -> Iterator[Finding]:
    """Countries and currencies against the active ISO snapshots; ports against UN/LOCODE."""
    ref = context.reference
    countries = {line.country_of_origin for line in shipment.lines}
    countries |= {c for c in (shipment.export_country, shipment.destination_country) if c}
    countries |= {p.address.country for p in shipment.parties if p.address}
    currencies = {line.value.currency for line in shipment.lines}
    currencies |= {d.currency for d in shipment.documents_of(CommercialInvoice) if d.currency}
    for dataset, codes, rule in (("countries", countries, R.COUNTRY_UNKNOWN),
                                 ("currencies", currencies, R.CURRENCY_UNKNOWN)):
        if not ref.has(dataset):
            yield _missing(dataset, f"{len(codes)} code(s) not checked against a snapshot")
            continue
        for code in sorted(codes):
            if ref.get(dataset, code) is None:
                yield rule.finding(f"'{code}' is not in the active {dataset} snapshot",
                                   evidence={"code": code}, snapshots=[ref.snapshot(dataset).id])
    yield from _check_ports(shipment, context)


def _missing(dataset: str, what: str) -> Finding:
    return R.REFDATA_MISSING.finding(
        f"reference dataset '{dataset}' is not loaded: {what}",
        evidence={"dataset": dataset}, location=dataset,
    )


def _ports(shipment: Shipment) -> Iterator[tuple[str, str, bool]]:
    """(locode, where, mode function required) for every port the shipment names."""
    for role in ("loading", "discharge", "unlading", "entry"):
        code = getattr(shipment.ports, role)
        if code:
            yield code, f"ports.{role}", role != "entry"
    for index, doc in enumerate(shipment.documents):
        fields: tuple[str, ...] = ()
        if isinstance(doc, BillOfLading):
            fields = ("port_of_loading", "port_of_discharge")
        elif isinstance(doc, AirWaybill):
            fields = ("airport_of_departure", "airport_of_destination")
        elif isinstance(doc, CommercialInvoice):
            fields = ("port_of_entry",)
        for name in fields:
            code = getattr(doc, name)
            if code:
                yield code, f"documents[{index}].{name}", name != "port_of_entry"


def _check_ports(shipment: Shipment, context: CheckContext) -> Iterator[Finding]:
    ref = context.reference
    ports = list(_ports(shipment))
    if not ports:
        return
    if not ref.has("unlocode"):
        yield _missing("unlocode", f"{len(ports)} port code(s) not checked")
        return
    snapshot_id = ref.snapshot("unlocode").id
    needed = MODE_FUNCTION[shipment.mode]
    for code, where, needs_function in ports:
        # A code can have several rows (139 do in the 2024 list); any row with the function will do.
        entries = ref.lookup("unlocode", code)
        if not entries:
            yield R.LOCODE_UNKNOWN.finding(
                f"{where} '{code}' is not a UN/LOCODE", evidence={"locode": code},
                location=where, snapshots=[snapshot_id])
        elif needs_function and not any(needed in e["function"] for e in entries):
            described = "; ".join(f"{e['name']} '{e['function']}'" for e in entries)
            yield R.LOCODE_FUNCTION.finding(
                f"'{code}' ({described}) lacks function {needed} needed for {shipment.mode.value}",
                evidence={"locode": code, "entries": [{"name": e["name"], "function": e["function"]}
                                                      for e in entries],
                          "mode": shipment.mode.value, "needed_position": needed},
                location=where, snapshots=[snapshot_id])

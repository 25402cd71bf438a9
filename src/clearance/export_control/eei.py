"""Whether an export needs Electronic Export Information, and which EEI elements are missing.

Filing requirement (15 CFR 30.2(a)(1)(iv); 15 CFR 758.1(b)):

- value over $2,500 per Schedule B / HTS number (15 CFR 30.2(a)(1)(iv)(A)); otherwise the
  low-value exemption of 15 CFR 30.37(a);
- regardless of value: a licence is required (15 CFR 30.2(a)(1)(iv)(B), 15 CFR 758.1(b)); the item
  is on the USML (15 CFR 30.2(a)(1)(iv)(C), 22 CFR 123.22); 600-series items other than .y and 9x515
  items (15 CFR 758.1(b)); destination in Country Group E:1 or E:2 (15 CFR 758.1(b)); a party on
  the Unverified List (15 CFR 758.1(b), 744.15); rough diamonds (15 CFR 30.2(a)(1)(iv)); used
  self-propelled vehicles (15 CFR 30.2(a)(1)(iv), 30.6(c)(1));
- exports to Canada are exempt (15 CFR 30.36) unless a licence is required, the item is on the USML,
  is a 600-series / 9x515 item (758.1(b) says "including to Canada"), or a party is on the
  Unverified List.

Completeness: the data elements of 15 CFR 30.6 (dataset ``eei_elements``) are looked up in the
shipment. Rows are matched to checks by keywords of their ``element`` text, so a renumbered row
still maps; a row that matches nothing is reported as "not checked", never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from clearance.model.document import AirWaybill, BillOfLading
from clearance.model.line import Line
from clearance.model.party import Party, PartyRole
from clearance.model.shipment import Direction, Shipment, TransportMode

VALUE_THRESHOLD = Decimal(2500)
#: Country Groups E:1 and E:2 (15 CFR 740 Supp. No. 1).
COUNTRY_GROUP_E = frozenset({"CU", "IR", "KP", "SY"})
ROUGH_DIAMONDS = ("710210", "710221", "710231")
_600_SERIES = re.compile(r"^\d[A-E]6\d\d(\.(?P<par>[a-z]))?", re.IGNORECASE)
_9X515 = re.compile(r"^9[A-E]515(\.(?P<par>[a-z]))?", re.IGNORECASE)
NO_MAPPING = "not checked: no mapping"


@dataclass(frozen=True)
class LineLicensing:
    """What the licence determination concluded for one line."""

    line: int
    licence_required: bool
    usml: bool
    eccn: str | None
    exception: str | None


@dataclass(frozen=True)
class EeiReason:
    code: str
    text: str
    citation: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class EeiRequirement:
    """``required=False`` with ``undetermined`` set means "not shown to be required", not "exempt"."""

    required: bool
    reasons: tuple[EeiReason, ...]
    exemptions: tuple[EeiReason, ...]
    undetermined: tuple[str, ...]


@dataclass(frozen=True)
class MissingElement:
    cfr_ref: str
    element: str
    expected_from: str


def classification(line: Line) -> str | None:
    """The Schedule B number if declared, else the HTS number (digits)."""
    return (line.export.schedule_b if line.export else None) or line.hts_code


def _controlled_series(eccn: str | None) -> str | None:
    """"600" or "9x515" when the ECCN is one that needs EEI regardless of value (.y items excepted)."""
    for name, pattern in (("9x515", _9X515), ("600", _600_SERIES)):
        found = pattern.match((eccn or "").strip())
        if found and (found.group("par") or "").lower() != "y":
            return name
    return None


def eei_requirement(shipment: Shipment, lines: Sequence[LineLicensing], *,
                    unverified_list_party: bool) -> EeiRequirement:
    """Decide whether EEI must be filed for ``shipment``, given the licence determination per line."""
    if shipment.direction != Direction.EXPORT:
        return EeiRequirement(False, (), (EeiReason("NOT_EXPORT", "not an export", "15 CFR 30.2(a)(1)", ()),), ())
    by_number = {item.line: item for item in lines}
    undetermined = [f"line {ln.number}: no licence determination" for ln in shipment.lines
                    if ln.number not in by_number]
    all_lines = tuple(ln.number for ln in shipment.lines)
    licensed = {n for n, item in by_number.items() if item.licence_required}
    usml = {n for n, item in by_number.items() if item.usml}
    series = {ln.number: _controlled_series((by_number[ln.number].eccn if ln.number in by_number else None)
                                            or ln.eccn) for ln in shipment.lines}

    def picked(test: Callable[[Line], bool]) -> tuple[int, ...]:
        return tuple(ln.number for ln in shipment.lines if test(ln))

    checks = [  # (code, lines, text, citation, overrides the Canada exemption)
        ("LICENCE_REQUIRED", picked(lambda ln: ln.number in licensed),
         "an export licence is required", "15 CFR 30.2(a)(1)(iv)(B); 15 CFR 758.1(b)", True),
        ("USML", picked(lambda ln: ln.number in usml),
         "item on the U.S. Munitions List (ITAR)", "15 CFR 30.2(a)(1)(iv)(C); 22 CFR 123.22", True),
        ("SERIES_600", picked(lambda ln: series[ln.number] == "600"),
         "600-series item, regardless of value or destination", "15 CFR 758.1(b)", True),
        ("SERIES_9X515", picked(lambda ln: series[ln.number] == "9x515"),
         "9x515 item, regardless of value or destination", "15 CFR 758.1(b)", True),
        ("COUNTRY_GROUP_E", all_lines if shipment.destination_country in COUNTRY_GROUP_E else (),
         f"destination {shipment.destination_country} is in Country Group E:1 or E:2", "15 CFR 758.1(b)", True),
        ("UNVERIFIED_LIST", all_lines if unverified_list_party else (),
         "a party is on the Unverified List", "15 CFR 758.1(b); 15 CFR 744.15", True),
        ("ROUGH_DIAMONDS", picked(lambda ln: (classification(ln) or "").startswith(ROUGH_DIAMONDS)),
         "rough diamonds (HTS 7102.10, 7102.21, 7102.31), regardless of value", "15 CFR 30.2(a)(1)(iv)", False),
        ("USED_VEHICLE", picked(lambda ln: bool(ln.export and ln.export.vin)),
         "used self-propelled vehicle (VIN declared)", "15 CFR 30.2(a)(1)(iv); 15 CFR 30.6(c)(1)", False),
    ]
    if shipment.destination_country is None:
        undetermined.append("destination country not given: Country Group E and Canada rules not evaluated")
    if shipment.destination_country == "CA":
        reasons = [EeiReason(c, t, cite, ln) for c, ln, t, cite, over in checks if ln and over]
        if reasons:
            return EeiRequirement(True, tuple(reasons), (), tuple(undetermined))
        exempt = EeiReason("CANADA", "export from the United States to Canada", "15 CFR 30.36", all_lines)
        return EeiRequirement(False, (), (exempt,), tuple(undetermined))

    value_reasons, value_exemption = _value_rule(shipment, undetermined)
    reasons = value_reasons + [EeiReason(c, t, cite, ln) for c, ln, t, cite, _ in checks if ln]
    exemptions = () if reasons or value_exemption is None else (value_exemption,)
    return EeiRequirement(bool(reasons), tuple(reasons), exemptions, tuple(undetermined))


def _value_rule(shipment: Shipment, undetermined: list[str]) -> tuple[list[EeiReason], EeiReason | None]:
    """EEI over $2,500 per classification number; the 30.37(a) exemption when every group is at or under."""
    groups: dict[str, list[Line]] = {}
    unknown = False
    for ln in shipment.lines:
        number = classification(ln)
        if number is None:
            undetermined.append(f"line {ln.number}: no Schedule B or HTS number, value rule not evaluated")
            unknown = True
        else:
            groups.setdefault(number, []).append(ln)
    reasons = []
    for number, members in groups.items():
        usd = [ln for ln in members if ln.value.currency == "USD"]
        total = sum((ln.value.amount for ln in usd), Decimal(0))
        numbers = tuple(ln.number for ln in members)
        if total > VALUE_THRESHOLD:
            reasons.append(EeiReason("VALUE_OVER_2500", f"value under {number} is {total:,.2f} USD, over 2,500 USD",
                                     "15 CFR 30.2(a)(1)(iv)(A)", numbers))
        elif len(usd) < len(members):
            unknown = True
            undetermined.extend(f"line {ln.number}: value in {ln.value.currency}; a conversion to USD at the "
                                f"export date is needed for the value rule" for ln in members if ln not in usd)
    if unknown:
        return reasons, None
    return reasons, EeiReason("LOW_VALUE", "value per Schedule B / HTS number is 2,500 USD or less",
                              "15 CFR 30.37(a)", tuple(ln.number for ln in shipment.lines))


# --- completeness ------------------------------------------------------------------------------

def _party_gaps(party: Party | None, label: str, fields: Sequence[str]) -> str | None:
    if party is None:
        return f"party with role {label}"
    gaps = [f for f in fields if not getattr(party, f)]
    return f"party with role {label} ({party.name}): {', '.join(gaps)}" if gaps else None


def _eei(shipment: Shipment, field: str) -> str | None:
    value = getattr(shipment.eei, field) if shipment.eei else None
    return None if value is not None else f"shipment.eei.{field}"


def _state_of_origin(s: Shipment) -> str | None:
    if s.eei and s.eei.state_of_origin:
        return None
    usppi = s.party(PartyRole.EXPORTER)
    address = usppi.address if usppi else None
    if address and address.country == "US" and address.subdivision:
        return None
    return "shipment.eei.state_of_origin (or the USPPI's U.S. address subdivision)"


def _conveyance(s: Shipment) -> str | None:
    found = (s.eei and s.eei.conveyance) or any(d.flight for d in s.documents_of(AirWaybill)) \
        or any(d.vessel for d in s.documents_of(BillOfLading))
    return None if found else "shipment.eei.conveyance, air waybill flight or bill of lading vessel"


def _carrier_id(s: Shipment) -> str | None:
    found = any(p.scac or p.iata_code for p in s.parties_with(PartyRole.CARRIER)) \
        or any(d.airline_iata for d in s.documents_of(AirWaybill)) \
        or any(d.carrier_scac for d in s.documents_of(BillOfLading))
    return None if found else "carrier party scac/iata_code, air waybill airline_iata or bill of lading carrier_scac"


def _port_of_export(s: Shipment) -> str | None:
    ok = any(p and p.startswith("US") for p in (s.ports.loading, s.ports.entry))
    return None if ok else "shipment.ports.loading (a U.S. UN/LOCODE)"


def _licensing(lines: Sequence[LineLicensing], ln: Line) -> LineLicensing | None:
    return next((item for item in lines if item.line == ln.number), None)


def _exception(lines: Sequence[LineLicensing], ln: Line) -> str | None:
    item = _licensing(lines, ln)
    return (item.exception if item else None) or (ln.export.license_exception if ln.export else None)


def _licence_number(lines: Sequence[LineLicensing], ln: Line) -> str | None:
    item = _licensing(lines, ln)
    if not (item and item.licence_required) or _exception(lines, ln) or (ln.export and ln.export.license_number):
        return None
    return "export.license_number (a licence is required and no exception is used)"


def _eccn(lines: Sequence[LineLicensing], ln: Line) -> str | None:
    item = _licensing(lines, ln)
    used = bool(item and item.licence_required and not item.usml) or _exception(lines, ln) is not None
    return "line.eccn (a licence or licence exception is used)" if used and not (
        (item and item.eccn) or ln.eccn) else None


def _always(*_: object) -> None:
    """Elements the model always carries or the engine derives (mode, description, quantity,
    hazardous material indicator from line.dangerous_goods, licence code from the determination)."""


# Ordered: the first row whose keywords (whole words) occur in the element text wins; the more
# specific keys come first ("consignee type" before "ultimate consignee", "unlading" and "value"
# before "port of export", "secondary" before "quantity").
_CHECKS: list[tuple[tuple[str, ...], str, Callable[..., str | None]]] = [
    (("usppi",), "shipment", lambda s: _party_gaps(
        s.party(PartyRole.EXPORTER), "exporter (USPPI)", ("address", "tax_id", "contact"))),
    (("date of export",), "shipment", lambda s: None if s.dates.export else "shipment.dates.export"),
    (("intermediate consignee",), "shipment", lambda s: next((gap for p in s.parties_with(
        PartyRole.INTERMEDIATE_CONSIGNEE) if (gap := _party_gaps(p, "intermediate_consignee", ("address",)))), None)),
    (("consignee type",), "shipment", lambda s: _eei(s, "consignee_type")),
    (("ultimate consignee",), "shipment", lambda s: _party_gaps(
        s.party(PartyRole.CONSIGNEE), "consignee", ("address",))),
    (("authorized agent",), "shipment", lambda s: s.parties_with(PartyRole.FORWARDER) and _party_gaps(
        s.party(PartyRole.FORWARDER), "forwarder (authorized agent)", ("address", "tax_id")) or None),
    (("state of origin",), "shipment", _state_of_origin),
    (("country of ultimate destination",), "shipment",
     lambda s: None if s.destination_country else "shipment.destination_country"),
    (("secondary",), "shipment", lambda s: "not checked: needs the Schedule B second unit of quantity"),
    (("ftz", "foreign trade zone"), "shipment", lambda s: "not checked: the shipment carries no FTZ facts"),
    (("unlading",), "shipment", lambda s: "shipment.ports.discharge (vessel shipment)"
     if s.mode == TransportMode.OCEAN and not s.ports.discharge else None),
    (("license number", "cfr citation", "kpc"), "line", _licence_number),
    (("license code", "license exemption code"), "line", _always),
    (("eccn", "export control classification"), "line", _eccn),
    (("value",), "line", lambda lic, ln: None if ln.value.currency == "USD" else
     f"value in USD (stated in {ln.value.currency}; convert at the export date)"),
    (("shipping weight",), "line", lambda lic, ln: None if ln.gross_weight and
     ln.gross_weight.in_kilograms() is not None else "gross_weight (a mass)"),
    (("mode", "method"), "shipment", _always),
    (("conveyance",), "shipment", _conveyance),
    (("carrier identification", "scac", "iata"), "shipment", _carrier_id),
    (("port of export",), "shipment", _port_of_export),
    (("related party",), "shipment", lambda s: _eei(s, "related_party")),
    (("export information code",), "shipment", lambda s: _eei(s, "export_information_code")),
    (("shipment reference",), "shipment", lambda s: _eei(s, "shipment_reference")),
    (("in-bond", "in bond"), "shipment", lambda s: _eei(s, "in_bond_code")),
    (("routed",), "shipment", lambda s: _eei(s, "routed_transaction")),
    (("filing option",), "shipment", lambda s: _eei(s, "filing_option")),
    (("hazardous",), "shipment", _always),
    (("domestic or foreign",), "line", lambda lic, ln: None if (ln.export and ln.export.domestic_or_foreign)
     or ln.country_of_origin == "US" else f"export.domestic_or_foreign (origin {ln.country_of_origin})"),
    (("classification", "schedule b"), "line",
     lambda lic, ln: None if classification(ln) else "export.schedule_b or hts_code"),
    (("description", "unit of measure", "quantity"), "line", _always),
]


def _match(element: str) -> tuple[str, Callable[..., str | None]] | None:
    text = " ".join(element.lower().replace("/", " ").split())
    for keys, scope, check in _CHECKS:
        if any(re.search(rf"\b{re.escape(k)}\b", text) for k in keys):
            return scope, check
    return None


def eei_missing_elements(shipment: Shipment, elements: Sequence[Mapping[str, str]],
                         lines: Sequence[LineLicensing]) -> list[MissingElement]:
    """The EEI elements (rows of dataset ``eei_elements``) the shipment does not supply.

    Mandatory rows are always checked; conditional rows only when their condition holds.
    ``expected_from`` names where the value was looked for (and the line, for line elements).
    """
    missing: list[MissingElement] = []
    for row in elements:
        requirement = (row.get("requirement") or "").strip().lower()
        if requirement not in ("mandatory", "conditional"):
            continue
        ref, element = row.get("cfr_ref", ""), row.get("element", "")
        matched = _match(element)
        if matched is None:
            missing.append(MissingElement(ref, element, NO_MAPPING))
        elif matched[0] == "shipment":
            gap = matched[1](shipment)
            if gap:
                missing.append(MissingElement(ref, element, gap))
        else:
            missing.extend(MissingElement(ref, element, f"line {ln.number}: {gap}")
                           for ln in shipment.lines if (gap := matched[1](lines, ln)))
    return missing

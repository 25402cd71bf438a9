"""Cross-document consistency: each document is compared with the declaration, once.

Every document is checked against the shipment's declared lines, parties and ports rather
than against every other document, so one planted discrepancy gives one finding, not one
per pair. Weights are compared in kilograms within the settings' tolerance; money exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

from clearance.documents import rules as R
from clearance.documents.identifier_checks import container_numbers
from clearance.documents.required import invoice_incoterm
from clearance.engine import CheckContext
from clearance.model import (
    AirWaybill,
    BillOfLading,
    CommercialInvoice,
    DangerousGoodsDeclaration,
    Direction,
    Finding,
    Line,
    PackingList,
    PartyRole,
    Quantity,
    Shipment,
)
from clearance.model.document import DocParty
from clearance.model.money import round_cents

_LEGAL_FORMS = re.compile(
    r"\b(co|company|corp|corporation|inc|incorporated|ltd|limited|llc|l l c|gmbh|sa|s a|"
    r"sas|srl|s de rl|de cv|s a de c v|bv|nv|ag|plc|pte|pty|jsc|ooo|oy|ab|spa|kk)\b"
)


def normalise_name(name: str) -> str:
    """Casefold, strip accents, punctuation and legal forms: 'ACME Co., Ltd.' -> 'acme'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = _LEGAL_FORMS.sub(" ", text)
    return " ".join(text.split())


def _kg(quantity: Quantity | None) -> Decimal | None:
    return None if quantity is None else quantity.in_kilograms()


def weights_differ(a: Decimal, b: Decimal, context: CheckContext) -> bool:
    tolerance = max(context.settings.weight_tolerance_kg,
                    max(a, b) * context.settings.weight_tolerance_pct / 100)
    return abs(a - b) > tolerance


def _weight_evidence(a: Decimal, b: Decimal, context: CheckContext) -> dict[str, str]:
    return {"tolerance_pct": str(context.settings.weight_tolerance_pct),
            "tolerance_kg": str(context.settings.weight_tolerance_kg),
            "difference_kg": str(abs(a - b))}


def check_consistency(shipment: Shipment, context: CheckContext) -> Iterator[Finding]:
    declared = {line.number: line for line in shipment.lines}
    for index, doc in enumerate(shipment.documents):
        where = f"documents[{index}] {doc.type}"
        if isinstance(doc, CommercialInvoice):
            yield from _invoice(doc, declared, where)
        elif isinstance(doc, PackingList):
            yield from _packing_list(doc, declared, where, context)
        elif isinstance(doc, DangerousGoodsDeclaration):
            yield from _dg_declaration(doc, declared, where)
    yield from _incoterms(shipment)
    yield from _transport(shipment, context)
    yield from _containers(shipment)
    yield from _parties(shipment)
    yield from _ports(shipment)


def _line_coverage(numbers: list[int], declared: dict[int, Line], where: str, doc_type: str) -> Iterator[Finding]:
    for number in sorted(set(declared) - set(numbers)):
        yield R.LINE_MISSING.finding(
            f"declared line {number} does not appear on the {doc_type}",
            evidence={"line": number, "document": doc_type}, location=f"line {number}")
    for number in sorted(set(numbers) - set(declared)):
        yield R.LINE_MISSING.finding(
            f"{doc_type} line {number} was not declared", evidence={"line": number, "document": doc_type},
            location=where)


def _quantity(doc_type: str, number: int, theirs: Quantity | None, ours: Quantity) -> Iterator[Finding]:
    if theirs is not None and (theirs.unit != ours.unit or theirs.value != ours.value):
        yield R.QUANTITY_MISMATCH.finding(
            f"line {number}: {doc_type} says {theirs}, declared {ours}",
            evidence={"document": doc_type, "document_quantity": str(theirs), "declared": str(ours)},
            location=f"line {number}")


def _invoice(doc: CommercialInvoice, declared: dict[int, Line], where: str) -> Iterator[Finding]:
    yield from _line_coverage([ln.line_number for ln in doc.lines], declared, where, doc.type)
    currency = doc.currency
    total = Decimal(0)
    for inv in doc.lines:
        loc = f"line {inv.line_number}"
        amounts = [m for m in (inv.unit_price, inv.amount) if m is not None]
        for money in amounts:
            if currency and money.currency != currency:
                yield R.CURRENCY_MISMATCH.finding(
                    f"{loc}: invoice amount in {money.currency}, invoice currency is {currency}",
                    evidence={"amount": str(money), "invoice_currency": currency}, location=loc)
        if inv.amount is not None:
            total += inv.amount.amount
        if inv.amount and inv.unit_price and inv.quantity:
            expected = round_cents(inv.quantity.value * inv.unit_price.amount)
            if expected != round_cents(inv.amount.amount):
                yield R.LINE_ARITHMETIC.finding(
                    f"{loc}: {inv.quantity} x {inv.unit_price} = {expected}, invoice says {inv.amount.amount}",
                    evidence={"quantity": str(inv.quantity), "unit_price": str(inv.unit_price),
                              "computed": str(expected), "stated": str(inv.amount.amount)}, location=loc)
        line = declared.get(inv.line_number)
        if line is None:
            continue
        yield from _quantity(doc.type, inv.line_number, inv.quantity, line.quantity)
        if inv.amount is not None and line.value.currency == inv.amount.currency \
                and inv.amount.amount != line.value.amount:
            yield R.VALUE_MISMATCH.finding(
                f"{loc}: invoice amount {inv.amount}, declared value {line.value}",
                evidence={"invoice": str(inv.amount), "declared": str(line.value)}, location=loc)
        elif inv.amount is not None and line.value.currency != inv.amount.currency:
            yield R.CURRENCY_MISMATCH.finding(
                f"{loc}: declared in {line.value.currency}, invoiced in {inv.amount.currency}",
                evidence={"declared": str(line.value), "invoice": str(inv.amount)}, location=loc)
        if inv.country_of_origin and inv.country_of_origin != line.country_of_origin:
            yield R.ORIGIN_MISMATCH.finding(
                f"{loc}: invoice origin {inv.country_of_origin}, declared {line.country_of_origin}",
                evidence={"invoice": inv.country_of_origin, "declared": line.country_of_origin}, location=loc)
        if inv.hts_code and line.hts_code and not line.hts_code.startswith(inv.hts_code) \
                and not inv.hts_code.startswith(line.hts_code):
            yield R.HTS_MISMATCH.finding(
                f"{loc}: invoice HTS {inv.hts_code}, declared {line.hts_code}",
                evidence={"invoice": inv.hts_code, "declared": line.hts_code}, location=loc)
    if doc.total is not None:
        if currency and doc.total.currency != currency:
            yield R.CURRENCY_MISMATCH.finding(
                f"invoice total in {doc.total.currency}, invoice currency is {currency}",
                evidence={"total": str(doc.total), "invoice_currency": currency}, location=where)
        elif round_cents(total) != round_cents(doc.total.amount):
            yield R.INVOICE_TOTAL.finding(
                f"invoice total {doc.total} differs from the sum of its lines "
                f"{round_cents(total):,.2f} {doc.total.currency}",
                evidence={"stated_total": str(doc.total.amount), "sum_of_lines": str(round_cents(total)),
                          "difference": str(doc.total.amount - total)}, location=where)


def _packing_list(doc: PackingList, declared: dict[int, Line], where: str, context: CheckContext) -> Iterator[Finding]:
    yield from _line_coverage([ln.line_number for ln in doc.lines], declared, where, doc.type)
    if doc.total_packages is not None and all(ln.packages is not None for ln in doc.lines) and doc.lines:
        summed = sum(ln.packages or 0 for ln in doc.lines)
        if summed != doc.total_packages:
            yield R.PACKING_TOTALS.finding(
                f"packing list total {doc.total_packages} packages, lines add up to {summed}",
                evidence={"total": doc.total_packages, "sum_of_lines": summed, "field": "packages"},
                location=where)
    for field_name, total in (("net_weight", doc.total_net_weight), ("gross_weight", doc.total_gross_weight)):
        weights = [_kg(getattr(ln, field_name)) for ln in doc.lines]
        stated = _kg(total)
        if stated is not None and weights and all(w is not None for w in weights):
            summed = sum(weights, Decimal(0))
            if weights_differ(stated, summed, context):
                yield R.PACKING_TOTALS.finding(
                    f"packing list total {field_name.replace('_', ' ')} {stated} kg, lines add up to {summed} kg",
                    evidence={"total_kg": str(stated), "sum_of_lines_kg": str(summed), "field": field_name,
                              **_weight_evidence(stated, summed, context)}, location=where)
    for pl in doc.lines:
        line = declared.get(pl.line_number)
        if line is None:
            continue
        yield from _quantity(doc.type, pl.line_number, pl.quantity, line.quantity)
        for rule, theirs, ours in ((R.NET_WEIGHT_MISMATCH, pl.net_weight, line.net_weight),
                                   (R.GROSS_WEIGHT_MISMATCH, pl.gross_weight, line.gross_weight)):
            a, b = _kg(theirs), _kg(ours)
            if a is not None and b is not None and weights_differ(a, b, context):
                yield rule.finding(
                    f"line {pl.line_number}: packing list {a} kg, declared {b} kg",
                    evidence={"packing_list_kg": str(a), "declared_kg": str(b), **_weight_evidence(a, b, context)},
                    location=f"line {pl.line_number}")


def _incoterms(shipment: Shipment) -> Iterator[Finding]:
    if shipment.incoterm is None:
        return
    for index, doc in enumerate(shipment.documents):
        if isinstance(doc, CommercialInvoice):
            stated = invoice_incoterm(doc, shipment)
            if stated != shipment.incoterm.value:
                yield R.INCOTERM_MISMATCH.finding(
                    f"invoice states {doc.incoterm}, shipment says {shipment.incoterm.value}",
                    evidence={"invoice": doc.incoterm, "shipment": shipment.incoterm.value},
                    location=f"documents[{index}] {doc.type}")


def _transport(shipment: Shipment, context: CheckContext) -> Iterator[Finding]:
    packing = shipment.documents_of(PackingList)
    reference = packing[0] if packing else None
    ref_packages = reference.total_packages if reference else None
    ref_gross = _kg(reference.total_gross_weight) if reference else None
    if ref_gross is None and all(ln.gross_weight for ln in shipment.lines):
        ref_gross = sum((_kg(ln.gross_weight) or Decimal(0) for ln in shipment.lines), Decimal(0))
    for index, doc in enumerate(shipment.documents):
        if isinstance(doc, BillOfLading):
            packages, gross = doc.packages, _kg(doc.gross_weight)
        elif isinstance(doc, AirWaybill):
            packages, gross = doc.pieces, _kg(doc.gross_weight)
        else:
            continue
        where = f"documents[{index}] {doc.type}"
        if packages is not None and ref_packages is not None and packages != ref_packages:
            yield R.PACKAGES_MISMATCH.finding(
                f"{doc.type} says {packages} packages, packing list {ref_packages}",
                evidence={"transport_document": packages, "packing_list": ref_packages}, location=where)
        if gross is not None and ref_gross is not None and weights_differ(gross, ref_gross, context):
            yield R.GROSS_WEIGHT_MISMATCH.finding(
                f"{doc.type} gross weight {gross} kg, packing list/declaration {ref_gross} kg",
                evidence={"transport_document_kg": str(gross), "packing_list_kg": str(ref_gross),
                          **_weight_evidence(gross, ref_gross, context)}, location=where)


def _containers(shipment: Shipment) -> Iterator[Finding]:
    bills = shipment.documents_of(BillOfLading)
    if not bills:
        return
    on_bill = {c.number for bl in bills for c in bl.containers}
    for number, seen_in in sorted(container_numbers(shipment).items()):
        if number not in on_bill:
            yield R.CONTAINER_MISMATCH.finding(
                f"container {number} ({', '.join(seen_in)}) is not on the bill of lading",
                evidence={"container": number, "seen_in": seen_in, "bill_of_lading": sorted(on_bill)},
                location=seen_in[0])
    elsewhere = {n for n, seen in container_numbers(shipment).items()
                 if any("bill_of_lading" not in s for s in seen)}
    if elsewhere:
        for index, doc in enumerate(shipment.documents):
            if not isinstance(doc, BillOfLading):
                continue
            for number in sorted({c.number for c in doc.containers} - elsewhere):
                yield R.CONTAINER_MISMATCH.finding(
                    f"container {number} is on the bill of lading but on no line or packing list",
                    evidence={"container": number, "lines_and_packing_list": sorted(elsewhere)},
                    location=f"documents[{index}] bill_of_lading")


def _parties(shipment: Shipment) -> Iterator[Finding]:
    def expected(*roles: PartyRole) -> list[str]:
        for role in roles:
            found = shipment.parties_with(role)
            if found:
                return [p.name for p in found]
        return []

    comparisons: list[tuple[str, DocParty | None, list[str], str]] = []
    for index, doc in enumerate(shipment.documents):
        where = f"documents[{index}] {doc.type}"
        if isinstance(doc, CommercialInvoice):
            comparisons += [(where, doc.seller, expected(PartyRole.SELLER), "seller"),
                            (where, doc.buyer, expected(PartyRole.BUYER), "buyer")]
        elif isinstance(doc, BillOfLading | AirWaybill):
            comparisons += [(where, doc.shipper, expected(PartyRole.SHIPPER, PartyRole.SELLER), "shipper"),
                            (where, doc.consignee, expected(PartyRole.CONSIGNEE), "consignee")]
    for where, printed, names, role in comparisons:
        if printed is None or not names or printed.name.strip().casefold().startswith("to order"):
            continue
        if normalise_name(printed.name) not in {normalise_name(n) for n in names}:
            yield R.PARTY_MISMATCH.finding(
                f"{where}: {role} '{printed.name}' is not the shipment's {role} ({', '.join(names)})",
                evidence={"role": role, "document": printed.name, "shipment": names}, location=where)


def _ports(shipment: Shipment) -> Iterator[Finding]:
    pairs: list[tuple[str, str | None, str | None, str]] = []
    for index, doc in enumerate(shipment.documents):
        where = f"documents[{index}] {doc.type}"
        if isinstance(doc, BillOfLading):
            pairs += [(where, doc.port_of_loading, shipment.ports.loading, "loading"),
                      (where, doc.port_of_discharge, shipment.ports.discharge, "discharge")]
        elif isinstance(doc, AirWaybill):
            pairs += [(where, doc.airport_of_departure, shipment.ports.loading, "loading"),
                      (where, doc.airport_of_destination, shipment.ports.discharge, "discharge")]
        elif isinstance(doc, CommercialInvoice) and shipment.direction is Direction.IMPORT:
            pairs.append((where, doc.port_of_entry, shipment.ports.entry, "entry"))
    for where, printed, declared, role in pairs:
        if printed and declared and printed != declared:
            yield R.PORT_MISMATCH.finding(
                f"{where}: port of {role} {printed}, shipment says {declared}",
                evidence={"role": role, "document": printed, "shipment": declared}, location=where)


def _dg_declaration(doc: DangerousGoodsDeclaration, declared: dict[int, Line], where: str) -> Iterator[Finding]:
    for item in doc.items:
        line = declared.get(item.line_number)
        dg = line.dangerous_goods if line else None
        if dg is None:
            yield R.DG_MISMATCH.finding(
                f"DG declaration lists line {item.line_number}, which carries no DG data",
                evidence={"line": item.line_number}, location=where)
            continue
        differences = {
            name: {"declaration": theirs, "line": ours}
            for name, theirs, ours in (
                ("un_number", item.un_number, dg.un_number),
                ("hazard_class", item.hazard_class, dg.hazard_class),
                ("packing_group", item.packing_group, dg.packing_group),
                ("proper_shipping_name", normalise_name(item.proper_shipping_name),
                 normalise_name(dg.proper_shipping_name)),
            ) if theirs != ours
        }
        if differences:
            yield R.DG_MISMATCH.finding(
                f"line {item.line_number}: DG declaration differs in {', '.join(differences)}",
                evidence=differences, location=f"line {item.line_number}")
    listed = {i.line_number for i in doc.items}
    for number, line in sorted(declared.items()):
        if line.dangerous_goods and number not in listed:
            yield R.DG_MISMATCH.finding(
                f"line {number} carries {line.dangerous_goods.un_number} but is not on the DG declaration",
                evidence={"line": number, "un_number": line.dangerous_goods.un_number},
                location=f"line {number}")

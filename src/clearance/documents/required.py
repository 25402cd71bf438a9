"""Required data elements of the commercial invoice, the bill of lading and the DG declaration.

The element list, requirement level and citation come from the ``document_elements``
reference dataset (``trade_document_required_elements.csv``); this module holds, for each
element id, the mechanical test of whether a document carries it. Elements that cannot be
tested mechanically are listed in the engine result as "not checked", never passed silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from clearance.documents import rules as R
from clearance.engine import CheckContext
from clearance.model import (
    BillOfLading,
    CommercialInvoice,
    DangerousGoodsDeclaration,
    Direction,
    Finding,
    Incoterm,
    PackingList,
    Rule,
    Severity,
    Shipment,
)

#: Incoterms whose price includes the main carriage, so freight is a charge on the invoice.
_FREIGHT_IN_PRICE = {Incoterm.CFR, Incoterm.CIF, Incoterm.CPT, Incoterm.CIP, Incoterm.DAP,
                     Incoterm.DPU, Incoterm.DDP}

#: Incoterms under which the seller buys the cargo insurance, so it is in the price.
_INSURANCE_IN_PRICE = {Incoterm.CIF.value, Incoterm.CIP.value}

Missing = list[str]  # what is missing, for the evidence; empty = element present


def _absent(**fields: object) -> Missing:
    return [name for name, value in fields.items() if value in (None, "", [])]


def _lines_lacking(doc: CommercialInvoice, attribute: str) -> Missing:
    return [f"line {ln.line_number} {attribute}" for ln in doc.lines if getattr(ln, attribute) in (None, "")]


def _ci02(doc: CommercialInvoice, _s: Shipment) -> Missing:
    buyer_or_consignee = doc.buyer if doc.purchased else (doc.buyer or doc.consignee)
    return _absent(seller=doc.seller, buyer=buyer_or_consignee, date=doc.date,
                   place_of_sale=doc.place_of_sale)


def _ci03(doc: CommercialInvoice, _s: Shipment) -> Missing:
    return _lines_lacking(doc, "description") + _absent(package_marks=doc.package_marks)


def _ci05(doc: CommercialInvoice, _s: Shipment) -> Missing:
    if not doc.purchased:
        return []
    return _lines_lacking(doc, "unit_price") + _lines_lacking(doc, "amount")


def _ci06(doc: CommercialInvoice, _s: Shipment) -> Missing:
    return [] if doc.purchased else _lines_lacking(doc, "amount")


def invoice_incoterm(doc: CommercialInvoice, shipment: Shipment) -> str | None:
    """The Incoterms rule the invoice states ("CFR Houston" -> "CFR"), else the shipment's."""
    if doc.incoterm and doc.incoterm.split():
        return doc.incoterm.split()[0].upper()
    return shipment.incoterm.value if shipment.incoterm else None


def _ci08(doc: CommercialInvoice, shipment: Shipment) -> Missing:
    if doc.charges is None:
        return ["charges (itemised, or stated as none)"]
    incoterm = invoice_incoterm(doc, shipment)
    missing = []
    if incoterm in {t.value for t in _FREIGHT_IN_PRICE} and doc.charges.freight is None:
        missing.append(f"freight (price is {incoterm}, so it includes freight)")
    if incoterm in _INSURANCE_IN_PRICE and doc.charges.insurance is None:
        missing.append(f"insurance (price is {incoterm}, so it includes insurance)")
    return missing


def _ci12(doc: CommercialInvoice, _s: Shipment) -> Missing:
    if doc.language is None:
        return ["language"]
    return [] if doc.language.lower() == "en" else [f"English text (invoice language '{doc.language}')"]


def _ci13(_doc: CommercialInvoice, shipment: Shipment) -> Missing:
    return [] if shipment.documents_of(PackingList) else ["packing list"]


INVOICE_TESTS: dict[str, Callable[[CommercialInvoice, Shipment], Missing]] = {
    "CI01": lambda d, s: _absent(port_of_entry=d.port_of_entry),
    "CI02": _ci02,
    "CI03": _ci03,
    "CI04": lambda d, s: _lines_lacking(d, "quantity"),
    "CI05": _ci05,
    "CI06": _ci06,
    "CI07": lambda d, s: _absent(currency=d.currency),
    "CI08": _ci08,
    "CI09": lambda d, s: _absent(rebates_statement=d.rebates_statement),
    "CI10": lambda d, s: _lines_lacking(d, "country_of_origin"),
    "CI11": lambda d, s: _absent(assists_statement=d.assists_statement),
    "CI12": _ci12,
    "CI13": _ci13,
}

BL_TESTS: dict[str, Callable[[BillOfLading, Shipment], Missing]] = {
    "BL01": lambda d, s: _absent(marks=d.marks),
    "BL02": lambda d, s: [] if (d.packages is not None or d.gross_weight) else ["packages or weight"],
    "BL03": lambda d, s: _absent(apparent_condition=d.apparent_condition),
    "BL04": lambda d, s: _absent(number=d.number),
    "BL05": lambda d, s: _absent(shipper=d.shipper),
    "BL06": lambda d, s: _absent(consignee=d.consignee),
    "BL07": lambda d, s: _absent(notify_party=d.notify_party),
    "BL08": lambda d, s: _absent(carrier_name=d.carrier_name, signed_by=d.signed_by),
    "BL09": lambda d, s: _absent(vessel=d.vessel, voyage=d.voyage),
    "BL10": lambda d, s: _absent(port_of_loading=d.port_of_loading),
    "BL11": lambda d, s: _absent(port_of_discharge=d.port_of_discharge),
    "BL13": lambda d, s: _absent(description=d.description),
    "BL14": lambda d, s: _absent(containers=d.containers)
    + [f"seal of {c.number}" for c in d.containers if not c.seal],
    "BL15": lambda d, s: _absent(gross_weight=d.gross_weight, measurement=d.measurement),
    "BL16": lambda d, s: _absent(freight_terms=d.freight_terms),
    "BL17": lambda d, s: _absent(originals_issued=d.originals_issued),
    "BL18": lambda d, s: _absent(place_of_issue=d.place_of_issue, date=d.date,
                                 shipped_on_board_date=d.shipped_on_board_date),
}

DG_TESTS: dict[str, Callable[[DangerousGoodsDeclaration, Shipment], Missing]] = {
    # Packing group is required "if any" (172.202(a)(4)); whether an entry has one is the HMT's
    # answer, checked by the dangerous-goods engine, so only the unconditional parts are tested here.
    "DG01": lambda d, s: _absent(items=d.items) + [
        f"item for line {i.line_number}: {m}" for i in d.items
        for m in _absent(un_number=i.un_number, proper_shipping_name=i.proper_shipping_name,
                         hazard_class=i.hazard_class)],
    "DG02": lambda d, s: [f"item for line {i.line_number}: {m}" for i in d.items
                          for m in _absent(quantity=i.quantity, packages=i.packages)],
    "DG03": lambda d, s: _absent(emergency_phone=d.emergency_phone),
    "DG04": lambda d, s: _absent(emergency_response_info=d.emergency_response_info),
    "DG05": lambda d, s: [] if d.certification_signed and d.signatory else ["signed certification"],
}

_SEVERITY = {"mandatory": Severity.ERROR, "mandatory_if_purchased": Severity.ERROR,
             "mandatory_if_not_purchased": Severity.ERROR, "expected": Severity.WARNING,
             "mandatory_on_demand_of_shipper": Severity.WARNING}


def check_required_elements(
    shipment: Shipment, context: CheckContext, not_checked: list[str]
) -> Iterator[Finding]:
    ref = context.reference
    if not ref.has("document_elements"):
        yield R.REFDATA_MISSING.finding(
            "reference dataset 'document_elements' is not loaded: required elements not checked",
            evidence={"dataset": "document_elements"}, location="document_elements")
        return
    snapshot_id = ref.snapshot("document_elements").id
    elements = {e["element_id"]: e for e in ref.records("document_elements")}
    plan: list[tuple[type, str, dict, Rule]] = [
        (BillOfLading, "ocean_bill_of_lading", BL_TESTS, R.BL_ELEMENT),
        (DangerousGoodsDeclaration, "us_dg_shipping_paper", DG_TESTS, R.DG_ELEMENT),
    ]
    if shipment.direction is Direction.IMPORT:  # 19 CFR 141.86 governs invoices for US entry
        plan.insert(0, (CommercialInvoice, "us_commercial_invoice", INVOICE_TESTS, R.INVOICE_ELEMENT))
    for kind, doc_type, tests, rule in plan:
        docs = [(i, d) for i, d in enumerate(shipment.documents) if isinstance(d, kind)]
        if not docs:
            continue
        for element_id, element in elements.items():
            if element["document_type"] == doc_type and element_id not in tests:
                not_checked.append(f"{element_id} {element['element'][:60]}")
        for index, doc in docs:
            for element_id, test in tests.items():
                element = elements.get(element_id)
                if element is None:
                    continue
                missing = test(doc, shipment)
                if missing:
                    yield rule.finding(
                        f"{doc.type} {doc.number or ''} lacks {element_id}: "
                        f"{element['element'][:90]} (missing: {', '.join(missing)})",
                        evidence={"element_id": element_id, "missing": missing,
                                  "requirement": element["requirement"]},
                        location=f"documents[{index}] {doc.type}",
                        severity=_SEVERITY.get(element["requirement"], rule.severity),
                        snapshots=[snapshot_id],
                    ).model_copy(update={"citation": element["citation"]})

"""The shipping paper: basic description (172.202), additional description (172.203), emergency
response information (172.602, 172.604) and the shipper's certification (172.204).

Runs for items that carry their written ``description`` and, for the other items, when the
consignment gives a ``shipping_paper``: the requirements are on the paper, so a bare declaration
line (such as the derived validation cases) is not held to them.
"""

from __future__ import annotations

from collections.abc import Iterator

from clearance.dangerous_goods import rules as R
from clearance.dangerous_goods.classes import normalise_class
from clearance.dangerous_goods.consignment import DGConsignment, DGMode
from clearance.dangerous_goods.description import DescriptionError, parse_description
from clearance.dangerous_goods.names import names_match
from clearance.dangerous_goods.validate import INHALATION_SPS, ItemResult
from clearance.model import Finding


def check_paper(consignment: DGConsignment, results: list[ItemResult], *, elements: bool = True) -> Iterator[Finding]:
    """Findings on the paper; ``elements=False`` leaves phone, response information and certification
    to the documents engine (which checks them on a shipment's DG declaration)."""
    paper = consignment.shipping_paper
    for result in results:
        if result.entry is None or not result.subject:
            continue
        if result.item.description is not None:
            yield from _described(result, consignment.mode)
        elif paper is not None and result.entry.needs_technical_name and not result.item.technical_name:
            yield _technical(result)
        if paper is not None and (result.item.quantity_per_package is None or result.item.packages is None):
            yield R.PAPER_QUANTITY.finding(f"{result.location}: quantity per package and number of packages are "
                                           "needed for the total quantity", location=result.location)
    if paper is None or not elements:
        return
    missing = [name for name, value in (("emergency response telephone number", paper.emergency_phone),
                                        ("emergency response information", paper.emergency_response_info))
               if not (value and value.strip())]
    if missing:
        yield R.PAPER_EMERGENCY.finding(f"shipping paper lacks the {' and the '.join(missing)}",
                                        location="shipping paper", evidence={"missing": missing})
    if not (paper.certification_signed and paper.signatory):
        yield R.PAPER_CERTIFICATION.finding("the shipper's certification is not signed", location="shipping paper")


def _technical(result: ItemResult) -> Finding:
    entry = result.entry
    assert entry is not None
    return R.TECHNICAL_NAME_MISSING.finding(
        f"{entry.id_number} '{entry.proper_shipping_name}' (symbol G) needs the technical name in parentheses",
        location=result.location, evidence={"symbols": list(entry.symbols)})


def _described(result: ItemResult, mode: DGMode) -> Iterator[Finding]:
    item, entry = result.item, result.entry
    assert entry is not None and item.description is not None
    where = result.location
    try:
        described = parse_description(item.description)
    except DescriptionError as error:
        yield R.PAPER_DESCRIPTION.finding(f"{where}: {error}", location=where,
                                          evidence={"description": item.description})
        return
    wrong = []
    if described.id_number != entry.id_number:
        wrong.append(f"number {described.id_number} (entry {entry.id_number})")
    if not names_match(described.proper_shipping_name, entry.proper_shipping_name):
        wrong.append(f"name '{described.proper_shipping_name}'")
    if normalise_class(described.hazard_class) != normalise_class(entry.hazard_class):
        wrong.append(f"class {described.hazard_class} (entry {entry.hazard_class})")
    if {normalise_class(s) for s in described.subsidiary_hazards} != {normalise_class(s) for s in entry.subsidiary_hazards}:
        wrong.append(f"subsidiary hazards ({', '.join(described.subsidiary_hazards) or 'none'}; entry "
                     f"{', '.join(entry.subsidiary_hazards) or 'none'})")
    if described.packing_group != entry.packing_group:
        wrong.append(f"packing group {described.packing_group or 'none'} (entry {entry.packing_group or 'none'})")
    if wrong:
        yield R.PAPER_DESCRIPTION.finding(f"{where}: the description disagrees with the HMT entry: {'; '.join(wrong)}",
                                          location=where, evidence={"description": item.description,
                                                                    "hmt": entry.basic_description})
    if entry.needs_technical_name and not described.technical_name:
        yield _technical(result)
    if item.reportable_quantity and "RQ" not in described.additional:
        yield R.RQ_MISSING.finding(f"{where}: \"RQ\" must appear with the description of a hazardous substance",
                                   location=where, evidence={"description": item.description})
    if item.marine_pollutant and mode is DGMode.VESSEL and "MARINE POLLUTANT" not in described.additional:
        yield R.MARINE_POLLUTANT_MISSING.finding(f"{where}: the words \"Marine Pollutant\" are missing from the "
                                                 "description", location=where, evidence={"description": item.description})
    inhalation = INHALATION_SPS & set(entry.special_provisions)
    zones = {f"ZONE {'ABCD'[int(code) - 1]}" for code in inhalation if code in ("1", "2", "3", "4")}
    missing = []
    if inhalation and "INHALATION HAZARD" not in described.additional:
        missing.append("the words \"Poison-Inhalation Hazard\" or \"Toxic-Inhalation Hazard\" (172.203(m)(1))")
    if zones and not zones & described.additional:
        missing.append(f"the hazard zone \"{' or '.join(sorted(zones)).title()}\" (172.203(m)(2))")
    if missing:
        yield R.INHALATION_HAZARD_MISSING.finding(
            f"{where}: SP {', '.join(sorted(inhalation))}: the description lacks {' and '.join(missing)}",
            location=where, evidence={"description": item.description, "zone": sorted(zones)})

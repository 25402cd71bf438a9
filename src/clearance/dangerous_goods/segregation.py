"""Segregation between items carried together.

* Vessel: the IMDG 7.2.4 table (49 CFR 176.83(b)), loaded as reference data. Items in one closed
  cargo transport unit are checked; primary and subsidiary hazards all count and the strictest
  code wins (IMDG 7.2.6.1 / 176.83(a)(2)). Codes 2-4 cannot be met inside one unit; code 1 ("away
  from") needs competent-authority approval (IMDG 7.3.4.1), so both are findings.
* Highway (and rail, whose 49 CFR 174.81(d) table is the same): the 177.848(d) table and the
  177.848(f) explosives compatibility table, kept as data in ``data/`` with their source. Items of
  one consignment are taken to share one transport vehicle unless their ``container`` differs.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import cache
from importlib import resources
from itertools import combinations

from clearance.dangerous_goods import rules as R
from clearance.dangerous_goods.classes import (
    compatibility_group,
    division,
    normalise_class,
)
from clearance.dangerous_goods.consignment import DGMode
from clearance.dangerous_goods.validate import ItemResult
from clearance.model import Finding, Severity
from clearance.refdata import ReferenceData

IMDG_MEANING = {"1": "away from", "2": "separated from", "3": "separated by a complete compartment or hold from",
                "4": "separated longitudinally by an intervening complete compartment or hold from"}
_STRICTNESS = {"X": 0, "1": 1, "2": 2, "3": 3, "4": 4}


def imdg_table(reference: ReferenceData) -> dict[tuple[str, str], str]:
    return {(r["class_a"], r["class_b"]): r["code"] for r in reference.records("imdg_segregation")}


def imdg_key(code: str | None) -> str | None:
    """The IMDG table row of a class or division ("1.1D" -> "1.1/1.2/1.5"); None when not in the table."""
    value = normalise_class(code)
    if value is None or value == "COMB LIQ":
        return None  # combustible liquids are a US domestic class, not in the IMDG table
    div = division(value)
    if div in ("1.1", "1.2", "1.5"):
        return "1.1/1.2/1.5"
    if div in ("1.3", "1.6"):
        return "1.3/1.6"
    return div


def _hazards(result: ItemResult) -> list[str]:
    item, entry = result.item, result.entry
    primary = entry.hazard_class if entry else item.hazard_class
    subsidiary = list(entry.subsidiary_hazards) if entry else list(item.subsidiary_hazards or [])
    return [h for h in [primary, *subsidiary] if h]


def vessel(results: list[ItemResult], table: dict[tuple[str, str], str]) -> Iterator[Finding]:
    by_unit: dict[str, list[ItemResult]] = {}
    for result in results:
        unit = result.item.in_closed_unit
        if unit and result.subject:
            by_unit.setdefault(unit, []).append(result)
    for unit, members in by_unit.items():
        for a, b in combinations(members, 2):
            worst, pair = "X", None
            for ha in _hazards(a):
                for hb in _hazards(b):
                    ka, kb = imdg_key(ha), imdg_key(hb)
                    code = table.get((ka, kb)) if ka and kb else None
                    if code == "*":
                        yield R.SEGREGATION_UNCHECKED.finding(
                            f"{a.location} ({ha}) and {b.location} ({hb}) are both class 1: segregation by "
                            "compatibility group (IMDG 7.2.7.2; 49 CFR 176.144) is not checked", location=unit,
                            evidence={"items": [a.location, b.location], "classes": [ha, hb]})
                    elif code in _STRICTNESS and _STRICTNESS[code] > _STRICTNESS[worst]:
                        worst, pair = code, (ha, hb)
            if pair is not None:
                yield R.SEGREGATION.finding(
                    f"{a.location} ({pair[0]}) and {b.location} ({pair[1]}) must be {IMDG_MEANING[worst]} each "
                    f"other (IMDG code {worst}) but share the closed unit {unit}", location=unit,
                    evidence={"code": worst, "meaning": IMDG_MEANING[worst], "classes": list(pair),
                              "items": [a.location, b.location], "unit": unit})


@cache
def _grid(name: str) -> dict[tuple[str, str], str]:
    text = resources.files("clearance.dangerous_goods").joinpath(f"data/{name}").read_text("utf-8")
    rows = list(csv.reader(text.splitlines()))
    heads = rows[0][1:]
    return {(row[0], head): cell for row in rows[1:] for head, cell in zip(heads, row[1:], strict=True)}


def highway_table() -> dict[tuple[str, str], str]:
    return _grid("highway_segregation_177_848d.csv")


@cache
def _highway_rows() -> frozenset[str]:
    return frozenset(row for row, _ in highway_table())


def compatibility_table() -> dict[tuple[str, str], str]:
    return _grid("class1_compatibility_177_848f.csv")


def highway_key(result: ItemResult) -> str | None:
    """The 177.848(d) row of an item; None when its class has no row (6.2, 9, combustible liquids,
    2.3 and 6.1 outside zone A/B, class 8 solids)."""
    entry, item = result.entry, result.item
    value = normalise_class(entry.hazard_class if entry else item.hazard_class)
    if value is None:
        return None
    provisions = set(entry.special_provisions) if entry else set()
    div = division(value)
    if div in ("1.1", "1.2"):
        return "1.1/1.2"
    if div == "2.3":
        return "2.3A" if "1" in provisions else "2.3B" if "2" in provisions else None
    if div == "6.1":
        liquid = item.physical_state != "solid"
        return "6.1L" if "1" in provisions and (item.packing_group == "I") and liquid else None
    if div == "8":
        return None if item.physical_state in ("solid", "gas") else "8L"
    return div if div in _highway_rows() else None


def highway(results: list[ItemResult], mode: DGMode) -> Iterator[Finding]:
    table, compat = highway_table(), compatibility_table()
    citation_mode = "rail car" if mode is DGMode.RAIL else "transport vehicle"
    # 177.848(a)(1): packages that require labels; a limited quantity by highway or rail needs none.
    subject = [r for r in results if r.subject and r.entry is not None and r.entry.label_codes
               and not r.item.limited_quantity]
    for a, b in combinations(subject, 2):
        if a.item.container and b.item.container and a.item.container != b.item.container:
            continue
        ka, kb = highway_key(a), highway_key(b)
        if ka is None or kb is None:
            continue
        cell = table[(ka, kb)]
        where = [a.location, b.location]
        if cell == "*":
            ga, gb = compatibility_group(a.entry.hazard_class or ""), compatibility_group(b.entry.hazard_class or "")
            note = compat.get((ga, gb), "") if ga and gb else "?"
            if note == "X":
                yield R.SEGREGATION_HIGHWAY.finding(
                    f"{a.location} (group {ga}) and {b.location} (group {gb}) may not share a {citation_mode} "
                    "(177.848(f) compatibility table: X)", location=where[0],
                    evidence={"cell": "X", "compatibility_groups": [ga, gb], "items": where})
            elif note:
                yield R.SEGREGATION_UNCHECKED.finding(
                    f"explosives {a.location} (group {ga}) and {b.location} (group {gb}): 177.848(f) note "
                    f"'{note}' applies (177.848(g)); review", location=where[0],
                    evidence={"cell": note, "compatibility_groups": [ga, gb], "items": where})
        elif cell == "X":
            divisions = {division(normalise_class(r.entry.hazard_class) or "") for r in (a, b)}
            if {a.item.id_number, b.item.id_number} & {"UN1942", "UN2067"} and divisions & {"1.1", "1.5"}:
                continue  # 177.848(e)(5) note A: ammonium nitrate may go with Division 1.1 or 1.5
            yield R.SEGREGATION_HIGHWAY.finding(
                f"{a.location} ({ka}) and {b.location} ({kb}) may not be loaded, transported or stored together "
                f"on one {citation_mode} (177.848(d): X)", location=where[0],
                evidence={"cell": "X", "categories": [ka, kb], "items": where})
        elif cell == "O":
            yield R.SEGREGATION_HIGHWAY.finding(
                f"{a.location} ({ka}) and {b.location} ({kb}) must be separated so that they cannot commingle in a "
                "leak (177.848(d): O; (e)(3))", location=where[0], severity=Severity.WARNING,
                evidence={"cell": "O", "categories": [ka, kb], "items": where})

"""The UN Security Council Consolidated List, from its official XML.

Source: United Nations Security Council, Consolidated United Nations Security Council Sanctions
List, https://scsanctions.un.org/resources/xml/en/consolidated.xml (schema
https://www.un.org/sc/resources/sc-sanctions.xsd). ``<INDIVIDUALS>`` and ``<ENTITIES>``; the
root's ``dateGenerated`` dates the snapshot.

* Names: FIRST_NAME to FOURTH_NAME are the name as written, in order; the UN does not say which
  part is the family name (a Korean entry starts with it, an Arabic one with the given name),
  so the parts are kept as ``name1`` to ``name4``. An entity's name is its FIRST_NAME (one entry
  joins two names with " ; ": the second is kept as a strong alias).
  NAME_ORIGINAL_SCRIPT is the ``original_script`` name.
* Aliases: QUALITY "Good", "a.k.a." and "f.k.a." are strong aliases, "Low" weak ones. A date of
  birth given on an alias is a date of birth of the person.
* INDIVIDUAL_DATE_OF_BIRTH: TYPE_OF_DATE EXACT or APPROXIMATELY with DATE or YEAR (a lone note
  such as "Nov. 1973" is read when it is a plain date), BETWEEN with FROM_YEAR and TO_YEAR
  (one approximate date per year, at most ten).
* INDIVIDUAL_DOCUMENT: TYPE_OF_DOCUMENT (TYPE_OF_DOCUMENT2 is the finer label), NUMBER,
  ISSUING_COUNTRY or COUNTRY_OF_ISSUE.
* UN_LIST_TYPE (the sanctions regime, e.g. "Al-Qaida", "DPRK") is the programme;
  REFERENCE_NUMBER (``QDi.430``) the key; LISTED_ON the designation date.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from clearance.errors import ReferenceDataError
from clearance.refdata.dataset import LoadResult, open_text
from clearance.refdata.loaders.sanctions_common import (
    add_name,
    add_unique,
    clean,
    country_code,
    entity_record,
    identifier,
    identifier_kind,
    list_date,
    parse_date_text,
    year_range,
)
from clearance.screening.entity import EntityType, IdentifierKind

PATH = "sanctions/un/UN_consolidated_2026-02-27.xml"

_STRONG = {"good", "a.k.a.", "f.k.a.", "n.k.a."}
_ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
_PLACE_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")
_DOCUMENT_KINDS = {"passport": IdentifierKind.PASSPORT, "national identification number": IdentifierKind.NATIONAL_ID}


def _text(element: ET.Element | None, tag: str) -> str | None:
    return clean(element.findtext(tag)) if element is not None else None


def _values(element: ET.Element, tag: str) -> list[str]:
    found = []
    for node in element.findall(tag):
        for value in node.findall("VALUE"):
            add_unique(found, clean(value.text))
    return found


def _dates(node: ET.Element) -> list[dict[str, Any]] | None:
    """The ListDates of one INDIVIDUAL_DATE_OF_BIRTH; ``None`` when it has text but no date."""
    kind = (_text(node, "TYPE_OF_DATE") or "").upper()
    approximate = kind == "APPROXIMATELY"
    if kind == "BETWEEN":
        start, end = _text(node, "FROM_YEAR"), _text(node, "TO_YEAR")
        if start and end and start.isdigit() and end.isdigit():
            return year_range(start, end, f"{start}-{end}")
        return None
    value = _text(node, "DATE") or _text(node, "YEAR")
    if value:
        parsed = parse_date_text(value)
        return [list_date(parsed, approximate=approximate)] if parsed else None
    note = _text(node, "NOTE")
    if note and (parsed := parse_date_text(note)):
        return [list_date(parsed, approximate=approximate, raw=note)]
    return None if note else []


def _place(node: ET.Element, parts: tuple[str, ...]) -> str | None:
    text = ", ".join(v for v in (_text(node, p) for p in parts) if v)
    return text or None


def _document(node: ET.Element) -> dict[str, Any] | None:
    number = _text(node, "NUMBER")
    if not number:
        return None
    label = _text(node, "TYPE_OF_DOCUMENT") or ""
    detail = _text(node, "TYPE_OF_DOCUMENT2")
    kind = _DOCUMENT_KINDS.get(label.lower()) or identifier_kind(label) or IdentifierKind.OTHER
    country = country_code(_text(node, "ISSUING_COUNTRY") or _text(node, "COUNTRY_OF_ISSUE"))
    return identifier(kind, number, country, detail or label or None)


def _entity(node: ET.Element, individual: bool, where: str, unread: Counter[str]) -> dict[str, Any]:
    reference = _text(node, "REFERENCE_NUMBER")
    if not reference:
        raise ReferenceDataError(f"{where}: no REFERENCE_NUMBER")
    parts = [_text(node, tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    full = " ".join(p for p in parts if p)
    if not full:
        raise ReferenceDataError(f"{where}: {reference} has no name")
    others: list[str] = []
    if not individual and " ; " in full:  # one entry names two bodies: "CAGL ; GREAT LAKES BUSINESS COMPANY"
        full, *others = [p.strip() for p in full.split(" ; ") if p.strip()]
    primary: dict[str, Any] = {"full": full, "role": "primary"}
    if individual and sum(1 for p in parts if p) > 1:
        primary["parts"] = {f"name{i}": p for i, p in enumerate(parts, start=1) if p}
    names = [primary]
    for other in others:
        add_name(names, {"full": other, "role": "strong_alias"})
    if original := _text(node, "NAME_ORIGINAL_SCRIPT"):
        add_name(names, {"full": original, "role": "original_script"})

    dates: list[dict[str, Any]] = []
    places: list[str] = []
    for alias in node.findall("INDIVIDUAL_ALIAS" if individual else "ENTITY_ALIAS"):
        alias_name = _text(alias, "ALIAS_NAME")
        if not alias_name:
            continue
        quality = _text(alias, "QUALITY")
        role = "weak_alias" if (quality or "").lower() == "low" else "strong_alias"
        if quality and quality.lower() not in _STRONG | {"low"}:
            unread[f"alias quality {quality!r}"] += 1
        entry: dict[str, Any] = {"full": alias_name, "role": role}
        if quality:
            entry["alias_type"] = quality
        add_name(names, entry)
        if born := parse_date_text(_text(alias, "DATE_OF_BIRTH")):
            add_unique(dates, list_date(born))
        add_unique(places, _place(alias, ("CITY_OF_BIRTH", "COUNTRY_OF_BIRTH")))

    for born in node.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        found = _dates(born)
        if found is None:
            unread["date of birth"] += 1
        for item in found or ():
            add_unique(dates, item)
    for place in node.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        add_unique(places, _place(place, _PLACE_PARTS))

    nationalities: list[str] = []
    for value in _values(node, "NATIONALITY"):
        code = country_code(value)
        if code:
            add_unique(nationalities, code)
        else:
            unread[f"nationality {value!r}"] += 1

    identifiers: list[dict[str, Any]] = []
    for document in node.findall("INDIVIDUAL_DOCUMENT"):
        add_unique(identifiers, _document(document))

    addresses: list[dict[str, Any]] = []
    countries: list[str] = []
    for address in node.findall("INDIVIDUAL_ADDRESS" if individual else "ENTITY_ADDRESS"):
        text = _place(address, _ADDRESS_PARTS) or _text(address, "NOTE")
        if not text:
            continue
        item: dict[str, Any] = {"text": text}
        if code := country_code(_text(address, "COUNTRY")):
            item["country"] = code
            add_unique(countries, code)
        add_unique(addresses, item)
    for place in node.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        add_unique(countries, country_code(_text(place, "COUNTRY")))

    gender = (_text(node, "GENDER") or "").lower() or None
    extra = {key: value for key, value in (
        ("title", "; ".join(_values(node, "TITLE"))), ("designation", "; ".join(_values(node, "DESIGNATION"))),
        ("places_of_birth", "; ".join(places)), ("dataid", _text(node, "DATAID")),
    ) if value}
    program = _text(node, "UN_LIST_TYPE")
    return {
        "id": f"un:{reference}", "list": "un",
        "type": (EntityType.PERSON if individual else EntityType.ORGANIZATION).value,
        "programs": [program] if program else [], "names": names, "dates_of_birth": dates,
        "gender": gender if gender in ("male", "female") else None, "nationalities": nationalities,
        "countries": countries, "identifiers": identifiers, "addresses": addresses,
        "listed_on": _text(node, "LISTED_ON"), "remarks": _text(node, "COMMENTS1"), "extra": extra,
    }


def load(paths: dict[str, Path]) -> LoadResult:
    """One record per individual or entity; key ``un:<REFERENCE_NUMBER>``."""
    path = paths[PATH]
    records: list[tuple[str, dict[str, Any]]] = []
    unread: Counter[str] = Counter()
    generated: str | None = None
    unknown_tags: Counter[str] = Counter()
    with open_text(path) as handle:
        try:
            for event, node in ET.iterparse(handle, events=("start", "end")):
                if event == "start":
                    if node.tag == "CONSOLIDATED_LIST":
                        generated = node.get("dateGenerated")
                    continue
                if node.tag in ("INDIVIDUAL", "ENTITY"):
                    where = f"{path.name} {node.tag} #{len(records) + 1}"
                    individual = node.tag == "INDIVIDUAL"
                    unknown_tags.update(child.tag for child in node if child.tag not in _KNOWN_TAGS)
                    records.append(entity_record(_entity(node, individual, where, unread), where))
                    node.clear()
        except ET.ParseError as exc:
            raise ReferenceDataError(f"{path.name}: not well-formed XML: {exc}") from exc
    warnings = [f"{path.name}: unknown element <{tag}> ignored ({n}x)" for tag, n in unknown_tags.items()]
    if unread:
        warnings.append(f"{path.name}: not read: " + ", ".join(f"{what} ({n}x)" for what, n in unread.most_common()))
    source_date = None
    if generated:
        try:
            source_date = date.fromisoformat(generated[:10])
        except ValueError:
            warnings.append(f"{path.name}: dateGenerated {generated!r} is not a date")
    return LoadResult(iter(records), edition=generated, source_date=source_date, warnings=warnings)


_KNOWN_TAGS = {
    "DATAID", "VERSIONNUM", "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME", "UN_LIST_TYPE",
    "REFERENCE_NUMBER", "LISTED_ON", "GENDER", "NAME_ORIGINAL_SCRIPT", "COMMENTS1", "TITLE", "DESIGNATION",
    "NATIONALITY", "LIST_TYPE", "LAST_DAY_UPDATED", "INDIVIDUAL_ALIAS", "INDIVIDUAL_ADDRESS",
    "INDIVIDUAL_DATE_OF_BIRTH", "INDIVIDUAL_PLACE_OF_BIRTH", "INDIVIDUAL_DOCUMENT", "ENTITY_ALIAS",
    "ENTITY_ADDRESS", "SORT_KEY", "SORT_KEY_LAST_MOD", "SUBMITTED_BY",
}

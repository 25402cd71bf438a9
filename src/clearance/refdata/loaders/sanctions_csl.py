"""The US Consolidated Screening List (CSL) bulk CSV.

Source: US International Trade Administration, "Consolidated Screening List"
(https://www.trade.gov/consolidated-screening-list), the bulk file
https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv. It merges
eleven export-screening lists of Commerce (BIS Entity List, Denied Persons, Unverified, Military
End User), State (ITAR debarred, nonproliferation sanctions) and Treasury (SDN and the non-SDN
lists). One header row, 29 columns; multi-valued fields are ``;``-separated. Every row is one
entity; the same party listed by two agencies is two rows, kept apart by ``source``.

Field formats, as the file has them (``sanctions/PROVENANCE.md`` §4):

* ``ids``: ``[country, ][issue date, ][expiry date, ]number, type`` per item in the 2022 file
  (``IR, A123, Passport``, ``Male, Gender``), ``type, number[, country]`` in the 2025 one
  (``Passport, A123, IR``); items whose type is not an identifier (websites, listing dates,
  sanctions notes) are not identifiers here;
* ``addresses``: free text, the country as a final two-letter code when known;
* ``dates_of_birth``: ``1961-05-14``, ``1961``, ``circa 1960``, ``1955 to 1958``;
* ``name``: "FAMILY, Given" for Treasury individuals in 2022 (name parts are filled from it),
  often "Given FAMILY" in 2025 (no parts then);
* ``type``: Individual, Entity, Vessel, Aircraft for the Treasury lists; empty for the
  Commerce and State lists. The Unverified List and the Military End User list name
  organisations only, so their rows are organisations; the Entity List, the Denied Persons
  List, ISN and DTC list people and companies alike and give no type, so theirs stay unknown.

The BIS facts the export-control engine needs (license requirement and policy, Federal
Register notice, dates, standard order) go to ``extra``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from clearance.errors import ReferenceDataError
from clearance.refdata.dataset import LoadResult, audit_columns, open_text
from clearance.refdata.loaders.sanctions_common import (
    add_name,
    add_unique,
    clean,
    country_code,
    dob_dates,
    entity_record,
    identifier,
    identifier_kind,
    is_alpha2,
    name_entry,
)
from clearance.screening.entity import EntityType, IdentifierKind

PATH = "sanctions/csl/consolidated_2022-05.csv.gz"
FIXTURE_2025_PATH = "sanctions/csl/consolidated_fixture_2025-06-25.csv"  # 13-row format fixture, tests only

COLUMNS = (
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
    "federal_register_notice", "start_date", "end_date", "standard_order", "license_requirement",
    "license_policy", "call_sign", "vessel_type", "gross_tonnage", "gross_registered_tonnage", "vessel_flag",
    "vessel_owner", "remarks", "source_list_url", "alt_names", "citizenships", "dates_of_birth",
    "nationalities", "places_of_birth", "source_information_url", "ids",
)
_REQUIRED = {"source", "name", "type", "alt_names", "ids", "addresses"}
_EXTRA = ("license_requirement", "license_policy", "federal_register_notice", "start_date", "end_date",
          "standard_order", "source_list_url", "title", "vessel_type", "gross_tonnage", "gross_registered_tonnage",
          "vessel_owner")
_TYPES = {"individual": EntityType.PERSON, "entity": EntityType.ORGANIZATION, "vessel": EntityType.VESSEL,
          "aircraft": EntityType.AIRCRAFT}
ORGANISATION_ONLY_LISTS = {"UVL", "MEU"}  # lists that name no individuals
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ABBREVIATION = re.compile(r"\(([^)]+)\)")


def _split(text: str | None) -> list[str]:
    return [v for v in (clean(part) for part in (text or "").split(";")) if v]


def source_abbreviation(source: str) -> str:
    """``EL`` for "Entity List (EL) - Bureau of Industry and Security"; the whole text without one."""
    match = _ABBREVIATION.search(source)
    return match.group(1).split()[0] if match else source


def parse_id(item: str) -> tuple[str, Any] | None:
    """One item of the ``ids`` field: ``("gender", "male")``, ``("identifier", {...})`` or ``None``.

    The 2022 file writes ``country, number, type`` (``IR, A123, Passport``, ``Male, Gender``); the
    2025 file writes ``type, number, country`` (``Passport, A123, IR``, ``Gender, Male``). The end
    that names a kind of identifier is the label."""
    parts = [p.strip() for p in item.split(", ")]
    if len(parts) < 2:
        return None
    if "Gender" in (parts[0], parts[-1]):
        gender = (parts[-1] if parts[0] == "Gender" else parts[0]).lower()
        return ("gender", gender) if gender in ("male", "female") else None
    if kind := identifier_kind(parts[-1]):
        label, rest = parts[-1], parts[:-1]
        country_at = 0
    elif kind := identifier_kind(parts[0]):
        label, rest = parts[0], parts[1:]
        country_at = -1
    else:
        return None
    country = None
    if len(rest) >= 2 and is_alpha2(rest[country_at]):
        country = rest.pop(country_at)
    rest = [p for p in rest if not _ISO_DATE.match(p)] or rest  # issue and expiry dates
    value = clean(", ".join(rest))
    if not value:
        return None
    if kind is IdentifierKind.IMO:
        value = value.removeprefix("IMO").strip()
    return "identifier", identifier(kind, value, country, label)


def _address(text: str) -> dict[str, Any]:
    address: dict[str, Any] = {"text": text}
    last = text.rsplit(",", 1)[-1].strip()
    code = country_code(last) if last else None
    if code:
        address["country"] = code
    return address


def load(paths: dict[str, Path]) -> LoadResult:
    """One record per CSL row; key ``csl:<_id>`` (``csl:<_id>:<list>`` when two rows share an ``_id``)."""
    return load_file(paths[PATH])


def load_file(path: Path) -> LoadResult:
    """The CSL loader on any file of the bulk layout (the 2022 snapshot, the 2025 fixture, a download)."""
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        warnings = audit_columns(reader.fieldnames or [], set(COLUMNS), _REQUIRED, path.name)
        rows = list(reader)
    warnings = list(warnings)

    base_ids: list[str] = []
    for seq, row in enumerate(rows):
        own = clean(row.get("_id"))
        number = clean(row.get("entity_number"))
        if own is None and number is None:
            raise ReferenceDataError(f"{path.name} row {seq + 2}: neither _id nor entity_number")
        base_ids.append(own or f"{source_abbreviation(row['source'])}-{number}")
    repeated = Counter(base_ids)

    records: list[tuple[str, dict[str, Any]]] = []
    used: set[str] = set()
    unknown_types: Counter[str] = Counter()
    unread_dates: Counter[str] = Counter()
    newest: date | None = None
    for seq, (row, base) in enumerate(zip(rows, base_ids, strict=True)):
        where = f"{path.name} row {seq + 2}"
        name = clean(row["name"])
        source = clean(row["source"])
        if not name or not source:
            raise ReferenceDataError(f"{where}: no {'name' if not name else 'source'}")
        abbreviation = source_abbreviation(source)
        key = base if repeated[base] == 1 else f"{base}:{abbreviation}"
        n = 2
        while key in used:
            key, n = f"{base}:{abbreviation}:{n}", n + 1
        used.add(key)

        raw_type = clean(row.get("type"))
        if raw_type:
            entity_type = _TYPES.get(raw_type.lower())
            if entity_type is None:
                unknown_types[raw_type] += 1
                entity_type = EntityType.UNKNOWN
        else:
            entity_type = EntityType.ORGANIZATION if abbreviation in ORGANISATION_ONLY_LISTS else EntityType.UNKNOWN
        person = entity_type is EntityType.PERSON

        names = [name_entry(name, "primary", person)]
        for alias in _split(row.get("alt_names")):
            add_name(names, name_entry(alias, "strong_alias", person))

        dates: list[dict[str, Any]] = []
        for text in _split(row.get("dates_of_birth")):
            found = dob_dates(text)
            if found is None:
                unread_dates[text] += 1
            for item in found or ():
                add_unique(dates, item)

        nationalities: list[str] = []
        for text in _split(row.get("citizenships")) + _split(row.get("nationalities")):
            add_unique(nationalities, country_code(text))

        gender = None
        identifiers: list[dict[str, Any]] = []
        if call_sign := clean(row.get("call_sign")):
            identifiers.append(identifier(IdentifierKind.OTHER, call_sign, label="Call Sign"))
        for item in _split(row.get("ids")):
            parsed = parse_id(item)
            if parsed is None:
                continue
            if parsed[0] == "gender":
                gender = parsed[1]
            else:
                add_unique(identifiers, parsed[1])

        addresses: list[dict[str, Any]] = []
        for text in _split(row.get("addresses")):
            add_unique(addresses, _address(text))
        countries: list[str] = []
        add_unique(countries, country_code(row.get("vessel_flag")))
        for address in addresses:
            add_unique(countries, address.get("country"))

        extra = {field: value for field in _EXTRA if (value := clean(row.get(field)))}
        if places := _split(row.get("places_of_birth")):
            extra["places_of_birth"] = "; ".join(places)
        start = extra.get("start_date")
        listed_on = start if start and _ISO_DATE.match(start) else None
        if listed_on:
            day = date.fromisoformat(listed_on)
            newest = max(newest or day, day)

        data = {
            "id": f"csl:{key}", "list": "csl", "source": source, "type": entity_type.value,
            "programs": _split(row.get("programs")), "names": names, "dates_of_birth": dates, "gender": gender,
            "nationalities": nationalities, "countries": countries, "identifiers": identifiers,
            "addresses": addresses, "listed_on": listed_on, "remarks": clean(row.get("remarks")), "extra": extra,
        }
        records.append(entity_record(data, where))

    shared = sum(1 for count in repeated.values() if count > 1)
    if shared:
        warnings.append(f"{path.name}: {shared} _id value(s) on more than one row (one party on several "
                        "lists): those rows are keyed csl:<_id>:<list>")
    if unknown_types:
        warnings.append(f"{path.name}: unknown type value(s) {dict(unknown_types)}; left unknown")
    if unread_dates:
        warnings.append(f"{path.name}: {sum(unread_dates.values())} date(s) of birth gave no date: "
                        + ", ".join(repr(t) for t, _ in unread_dates.most_common(5)))
    edition = "CSL bulk CSV" + (f", newest start_date {newest.isoformat()}" if newest else "")
    return LoadResult(iter(records), edition=edition, source_date=newest, warnings=warnings)

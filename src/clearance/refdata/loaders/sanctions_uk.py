"""The UK Sanctions List (FCDO), from the relational tables of the covyr/uk-sanctions-list project.

Source: Foreign, Commonwealth & Development Office, UK Sanctions List
(https://www.gov.uk/government/publications/the-uk-sanctions-list), Open Government Licence v3.
The shared data folder does not hold the FCDO's own CSV but a derived, normalised copy
(``sanctions/PROVENANCE.md`` §5), five tables joined on ``unique_id`` (the FCDO id, e.g.
``AFG0001``, whose letters name the sanctions regime):

* ``subjects.csv``: unique_id, subject_type (individual, entity, ship), un_reference_number,
  ofsi_group_id, date_designated, last_updated (dd/mm/yyyy);
* ``subject_names.csv``: name_type (primary, primary_variation, alias), alias_strength
  (good_quality_aka, low_quality_aka), full_name and the FCDO's name_1 to name_6, where name_6
  is the surname (checked against the data: "MOHAMMAD HASSAN AKHUND" has name_6 "AKHUND") and
  holds the whole name of an entity or ship;
* ``subject_dobs.csv``: year, month, day and their precision;
* ``subject_identifiers.csv.gz``: passport, national, business_registration_numbers, imo, with the
  FCDO's free-text note;
* ``subject_countries.csv.gz``: nationality, birth and address countries with ISO codes.

The derivation repeats rows (one identifier up to thirty times) and, for five subjects, gives a
second "primary" name that is the first one written twice; both are undone here. The tables
carry no non-Latin names and no addresses beyond their countries.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
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
    entity_record,
    identifier,
    is_alpha2,
)
from clearance.screening.entity import EntityType, IdentifierKind

FOLDER = "sanctions/uk/covyr_2026-05-13"
SUBJECTS_PATH = f"{FOLDER}/subjects.csv"
NAMES_PATH = f"{FOLDER}/subject_names.csv"
DOBS_PATH = f"{FOLDER}/subject_dobs.csv"
IDENTIFIERS_PATH = f"{FOLDER}/subject_identifiers.csv.gz"
COUNTRIES_PATH = f"{FOLDER}/subject_countries.csv.gz"
PATHS = (SUBJECTS_PATH, NAMES_PATH, DOBS_PATH, IDENTIFIERS_PATH, COUNTRIES_PATH)

_COLUMNS = {
    SUBJECTS_PATH: ({"unique_id", "subject_type", "un_reference_number", "ofsi_group_id", "date_designated",
                     "last_updated"}, {"unique_id", "subject_type"}),
    NAMES_PATH: ({"name_id", "unique_id", "name_type", "alias_strength", "full_name", "name_1", "name_2", "name_3",
                  "name_4", "name_5", "name_6"}, {"unique_id", "name_type", "full_name"}),
    DOBS_PATH: ({"dob_id", "unique_id", "year", "month", "day", "precision", "parse_issues"},
                {"unique_id", "year", "month", "day", "precision"}),
    IDENTIFIERS_PATH: ({"id", "unique_id", "ofsi_group_id", "raw_value", "identifier_type", "additional_info"},
                       {"unique_id", "raw_value", "identifier_type"}),
    COUNTRIES_PATH: ({"id", "unique_id", "raw_value", "country_type", "iso", "resolution_method", "iso_available"},
                     {"unique_id", "raw_value", "country_type", "iso"}),
}
_TYPES = {"individual": EntityType.PERSON, "entity": EntityType.ORGANIZATION, "ship": EntityType.VESSEL}
_ID_KINDS = {"passport": IdentifierKind.PASSPORT, "national": IdentifierKind.NATIONAL_ID,
             "business_registration_numbers": IdentifierKind.REGISTRATION, "imo": IdentifierKind.IMO}
_REGIME = re.compile(r"^[A-Z]+")
_IMO = re.compile(r"^IMO\s*(\d{7})$", re.IGNORECASE)


def _read(path: Path, rel: str, warnings: list[str]) -> list[dict[str, str]]:
    used, required = _COLUMNS[rel]
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        warnings.extend(audit_columns(reader.fieldnames or [], used, required, path.name))
        return list(reader)


def _uk_date(text: str | None) -> date | None:
    value = clean(text)
    if not value:
        return None
    try:
        day, month, year = (int(p) for p in value.split("/"))
        return date(year, month, day)
    except ValueError:
        return None


def _undouble(full: str) -> str:
    """ "X Y X Y" -> "X Y": the derivation wrote some names twice."""
    words = full.split(" ")
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return full


def _non_latin(text: str) -> bool:
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def _name(row: dict[str, str], person: bool) -> dict[str, Any] | None:
    full = clean(row.get("full_name"))
    if not full:
        return None
    full = _undouble(full)
    name: dict[str, Any] = {"full": full}
    parts = {f"name_{i}": clean(row.get(f"name_{i}")) for i in range(1, 7)}
    if person and parts["name_6"] and any(parts[f"name_{i}"] for i in range(1, 6)):
        middle = " ".join(p for p in (parts[f"name_{i}"] for i in range(2, 6)) if p)
        name["parts"] = {key: value for key, value in (("given", parts["name_1"]), ("middle", middle),
                                                        ("family", parts["name_6"])) if value}
    return name


def _identifier_country(info: str | None) -> str | None:
    """The issuing country when the FCDO note is, or starts with, a country name."""
    if not info:
        return None
    words = info.replace(",", " ").replace(".", " ").split()
    for size in range(min(5, len(words)), 0, -1):
        code = country_code(" ".join(words[:size]))
        if code and not (size == 1 and len(words[0]) == 2):  # "CH ..." is no country name
            return code
    return None


def load(paths: dict[str, Path]) -> LoadResult:
    """One record per FCDO subject; key ``uk:<unique_id>``."""
    warnings: list[str] = []
    tables = {rel: _read(paths[rel], rel, warnings) for rel in PATHS}

    by_subject: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for rel in PATHS[1:]:
        for row in tables[rel]:
            by_subject[row["unique_id"].strip()][rel].append(row)

    records: list[tuple[str, dict[str, Any]]] = []
    unread: Counter[str] = Counter()
    newest: date | None = None
    seen: set[str] = set()
    for seq, subject in enumerate(tables[SUBJECTS_PATH]):
        where = f"{paths[SUBJECTS_PATH].name} row {seq + 2}"
        uid = clean(subject["unique_id"])
        if not uid:
            raise ReferenceDataError(f"{where}: no unique_id")
        if uid in seen:
            raise ReferenceDataError(f"{where}: unique_id {uid} appears twice")
        seen.add(uid)
        raw_type = (clean(subject["subject_type"]) or "").lower()
        entity_type = _TYPES.get(raw_type)
        if entity_type is None:
            unread[f"subject_type {raw_type!r}"] += 1
            entity_type = EntityType.UNKNOWN
        person = entity_type is EntityType.PERSON
        rows = by_subject.get(uid, {})

        names: list[dict[str, Any]] = []
        primary_seen = False
        for row in sorted(rows.get(NAMES_PATH, []), key=lambda r: r.get("name_id") or ""):
            name = _name(row, person)
            if name is None:
                continue
            name_type = (clean(row.get("name_type")) or "").lower()
            strength = (clean(row.get("alias_strength")) or "").lower()
            if _non_latin(name["full"]):
                name.pop("parts", None)
                name["role"] = "original_script"
            elif name_type == "primary" and not primary_seen:
                name["role"] = "primary"
                primary_seen = True
            else:
                name["role"] = "weak_alias" if strength == "low_quality_aka" else "strong_alias"
                name["alias_type"] = strength or name_type or None
            add_name(names, name)
        if not names:
            raise ReferenceDataError(f"{where}: subject {uid} has no name in {paths[NAMES_PATH].name}")
        if not primary_seen:
            unread["subject without a primary name (first name used)"] += 1
            first = next((n for n in names if n["role"] != "original_script"), names[0])
            first["role"] = "primary"
            first.pop("alias_type", None)
            names.remove(first)
            names.insert(0, first)

        dates: list[dict[str, Any]] = []
        for row in rows.get(DOBS_PATH, []):
            year, month, day = (clean(row.get(k)) or "" for k in ("year", "month", "day"))
            precision = clean(row.get("precision"))
            value = {"exact": f"{year}-{month}-{day}", "month_year": f"{year}-{month}", "year_only": year}.get(
                precision or "")
            try:
                valid = bool(value) and date(int(year), int(month or 1), int(day or 1)) is not None
            except ValueError:
                valid = False
            if not valid or value is None or not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", value):
                unread["date of birth"] += 1
                continue
            add_unique(dates, {"value": value})

        identifiers: list[dict[str, Any]] = []
        for row in rows.get(IDENTIFIERS_PATH, []):
            value = clean(row.get("raw_value"))
            if not value:
                continue
            kind = _ID_KINDS.get((clean(row.get("identifier_type")) or "").lower())
            if kind is None:
                unread[f"identifier type {row.get('identifier_type')!r}"] += 1
                kind = IdentifierKind.OTHER
            info = clean(row.get("additional_info"))
            if kind is IdentifierKind.IMO and (imo := _IMO.match(value)):
                value = imo.group(1)
            add_unique(identifiers, identifier(kind, value, _identifier_country(info), info))

        nationalities: list[str] = []
        countries: list[str] = []
        for row in rows.get(COUNTRIES_PATH, []):
            iso = clean(row.get("iso"))
            code = iso if iso and is_alpha2(iso) else country_code(row.get("raw_value"))
            if code is None:
                unread[f"country {clean(row.get('raw_value'))!r}"] += 1
                continue
            role = (clean(row.get("country_type")) or "").lower()
            add_unique(nationalities if role == "nationality" else countries, code)

        designated = _uk_date(subject.get("date_designated"))
        updated = _uk_date(subject.get("last_updated"))
        if updated:
            newest = max(newest or updated, updated)
        regime = _REGIME.match(uid)
        extra = {key: value for key, value in (
            ("ofsi_group_id", clean(subject.get("ofsi_group_id"))),
            ("un_reference_number", clean(subject.get("un_reference_number"))),
            ("last_updated", updated.isoformat() if updated else None),
        ) if value}
        data = {
            "id": f"uk:{uid}", "list": "uk", "type": entity_type.value,
            "programs": [regime.group(0)] if regime else [], "names": names, "dates_of_birth": dates,
            "nationalities": nationalities, "countries": countries, "identifiers": identifiers,
            "listed_on": designated.isoformat() if designated else None, "extra": extra,
        }
        records.append(entity_record(data, where))

    orphans = set(by_subject) - seen
    if orphans:
        warnings.append(f"{len(orphans)} unique_id(s) in the name, DOB, identifier or country tables have no "
                        f"row in {paths[SUBJECTS_PATH].name}: ignored")
    if unread:
        warnings.append("not read: " + ", ".join(f"{what} ({n}x)" for what, n in unread.most_common(8)))
    edition = "FCDO UK Sanctions List (covyr derived tables)" + (
        f", newest last_updated {newest.isoformat()}" if newest else "")
    return LoadResult(iter(records), edition=edition, source_date=newest, warnings=warnings)

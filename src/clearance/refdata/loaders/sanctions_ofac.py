"""OFAC's SDN list and Consolidated (non-SDN) list from the legacy CSV files.

Source: US Treasury, Office of Foreign Assets Control, "SDN list" and "Consolidated Sanctions List"
in the legacy delimited format (https://ofac.treasury.gov/sanctions-list-service): headerless CSV,
``-0-`` for null, a trailing EOF (0x1A) line. Four files per list, joined on ``ent_num``:

* ``sdn.csv`` / ``cons_prim.csv``: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
  Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks;
* ``alt.csv`` / ``cons_alt.csv``: ent_num, alt_num, alt_type (aka, fka, nka), alt_name, remarks;
* ``add.csv`` / ``cons_add.csv``: ent_num, add_num, address, city/state/postal, country, remarks;
* ``sdn_comments.csv`` / ``cons_comments.csv``: ent_num, the rest of a Remarks field that did not
  fit in its 1,000 characters.

Everything else OFAC publishes about an entry (dates and places of birth, nationality, gender,
passports, tax and registration numbers, IMO numbers, SWIFT codes and the "weak" a.k.a.s,
written ``a.k.a. 'NAME'``) is inside Remarks, as ``;``-separated phrases. :func:`parse_remarks`
reads them; phrases it does not know stay in ``remarks`` only.

The shared data folder holds the SDN primary records of 2024-05-03 and the alias, address and
comment files of 2025-12-24 (``sanctions/PROVENANCE.md`` §3). The join is sound for entries
on both dates; the loader reports what does not line up: entries designated later appear in
alt.csv only (they are loaded with their aliases, type ``unknown``), entries delisted in
between have no address row, and a remarks overflow is appended only to a remarks text that
is cut at 1,000 characters (otherwise it belongs to a later, different text). The files
carry no publication date, so ``source_date`` is left empty.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from clearance.errors import ReferenceDataError
from clearance.refdata.dataset import LoadResult, open_text
from clearance.refdata.loaders.sanctions_common import (
    add_name,
    add_unique,
    clean,
    country_code,
    dob_dates,
    entity_record,
    identifier,
    identifier_kind,
    name_entry,
)
from clearance.screening.entity import EntityType, IdentifierKind

SDN_PATH = "sanctions/ofac/sdn_2024-05-03/sdn.csv"
SDN_ALT_PATH = "sanctions/ofac/sdn_2025-12-24/alt.csv"
SDN_ADD_PATH = "sanctions/ofac/sdn_2025-12-24/add.csv"
SDN_COMMENTS_PATH = "sanctions/ofac/sdn_2025-12-24/sdn_comments.csv"
CONS_PATH = "sanctions/ofac/cons_2025-12-19/cons_prim.csv"
CONS_ALT_PATH = "sanctions/ofac/cons_2025-12-19/cons_alt.csv"
CONS_ADD_PATH = "sanctions/ofac/cons_2025-12-19/cons_add.csv"
CONS_COMMENTS_PATH = "sanctions/ofac/cons_2025-12-19/cons_comments.csv"

REMARKS_WIDTH = 1000  # OFAC cuts Remarks here and puts the rest in the comments file

_PRIMARY_WIDTH, _ALT_WIDTH, _ADD_WIDTH, _COMMENTS_WIDTH = 12, 5, 6, 2
_TYPES = {"individual": EntityType.PERSON, "vessel": EntityType.VESSEL, "aircraft": EntityType.AIRCRAFT,
          None: EntityType.ORGANIZATION}


# --- remarks ---------------------------------------------------------------------------------

@dataclass
class RemarkFacts:
    """What :func:`parse_remarks` found in one Remarks text (lists of plain dicts, deduplicated)."""

    dates_of_birth: list[dict[str, Any]] = field(default_factory=list)
    places_of_birth: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    gender: str | None = None
    identifiers: list[dict[str, Any]] = field(default_factory=list)
    weak_aliases: list[tuple[str, str]] = field(default_factory=list)  # (alias type, name)
    unmapped_countries: list[str] = field(default_factory=list)
    unread_dates: list[str] = field(default_factory=list)  # DOB phrases that gave no date


_SEGMENTS = re.compile(r";\s*")
_ALT_PREFIX = re.compile(r"^alt\.\s*", re.IGNORECASE)
_DOB = re.compile(r"^DOB:?\s+(?P<text>.+)$", re.IGNORECASE)
_POB = re.compile(r"^POB:?\s+(?P<text>.+)$", re.IGNORECASE)
_NATIONALITY = re.compile(r"^(?:nationality|citizen):?\s+(?P<text>.+)$", re.IGNORECASE)
_REGISTRATION_COUNTRY = re.compile(r"^(?:Nationality of Registration|Other Vessel Flag):?\s+(?P<text>.+)$", re.IGNORECASE)
_GENDER = re.compile(r"^Gender:?\s+(?P<text>Male|Female)$", re.IGNORECASE)
_WEAK_AKA = re.compile(r"^(?P<type>[afn])\.k\.a\.,?\s+'(?P<name>.+)'$", re.IGNORECASE)
# "<label> <value> (<country>) issued ..." where the label ends in a word that names an identifier.
_ID_SEGMENT = re.compile(
    r"^(?P<label>(?=[A-Z])[A-Za-z.'/ ()#-]*(?:No\.?|Number|#|\bID|Card|Code|Passport|Document|License|"
    r"Certificate|Permit|RFC|R\.F\.C\.|C\.U\.R\.P\.|D\.N\.I\.|SWIFT/BIC|MMSI|ISIN|BIK \(RU\)|SSN|"
    r"C\.U\.I\.T?\.|C\.U\.I\.L\.|I\.F\.E\.|FEIN|Credencial electoral|Cartilla de Servicio Militar Nacional|"
    r"Address - [A-Z0-9]+|Identification IMO|Ticker|VisaNumberID)(?:\s+\([^()]*\))?):?"
    r"\s+(?P<rest>\S.*)$")
_ID_REST = re.compile(r"^(?P<value>.+?)(?:\s*\((?P<paren>[^()]+)\))?(?:,?\s+(?:issued|expires|expired|valid)\b.*)?$",
                      re.DOTALL)
_IMO_VALUE = re.compile(r"^\(?\s*(?:IMO\s*)?(\d{7})\s*\)?$")


def _identifier_from_segment(segment: str) -> dict[str, Any] | None:
    match = _ID_SEGMENT.match(segment)
    if not match:
        return None
    label = match.group("label").strip()
    kind = identifier_kind(label)
    if kind is None:
        return None
    rest = _ID_REST.match(match.group("rest"))
    if rest is None:  # pragma: no cover - the pattern matches any non-empty text
        return None
    value = rest.group("value").strip(" ,")
    paren = rest.group("paren")
    country = country_code(paren) if paren else None
    if paren and country is None:
        value = f"{value} ({paren.strip()})"
    if not value or value.lower().startswith(("issued", "expire", "valid")):
        return None
    if label.endswith("IMO"):
        label = label[:-3].strip()
    imo = _IMO_VALUE.match(value)
    if imo and (kind is IdentifierKind.IMO or (kind is not IdentifierKind.REGISTRATION and "IMO" in value)):
        kind, value = IdentifierKind.IMO, imo.group(1)
    return identifier(kind, value, country, label)


def parse_remarks(remarks: str | None) -> RemarkFacts:
    """Read the facts OFAC puts in Remarks; never raises on text it does not understand."""
    facts = RemarkFacts()
    text = (remarks or "").strip()
    text = text.removesuffix(".")
    for part in _SEGMENTS.split(text):
        segment = _ALT_PREFIX.sub("", part.strip()).strip()
        if not segment:
            continue
        if match := _DOB.match(segment):
            dates = dob_dates(match.group("text"))
            if dates is None:
                facts.unread_dates.append(match.group("text"))
            for item in dates or ():
                add_unique(facts.dates_of_birth, item)
        elif match := _POB.match(segment):
            add_unique(facts.places_of_birth, clean(match.group("text")))
        elif match := _REGISTRATION_COUNTRY.match(segment):
            add_unique(facts.countries, country_code(match.group("text")))
        elif match := _NATIONALITY.match(segment):
            code = country_code(match.group("text"))
            if code:
                add_unique(facts.nationalities, code)
            else:
                facts.unmapped_countries.append(match.group("text"))
        elif match := _GENDER.match(segment):
            facts.gender = match.group("text").lower()
        elif match := _WEAK_AKA.match(segment):
            name = clean(match.group("name"))
            if name:
                add_unique(facts.weak_aliases, (f"{match.group('type').lower()}.k.a.", name))
        elif item := _identifier_from_segment(segment):
            add_unique(facts.identifiers, item)
    return facts


# --- files -----------------------------------------------------------------------------------

def _value(text: str) -> str | None:
    value = text.strip()
    return None if value in ("", "-0-") else value


def _rows(path: Path, width: int, warnings: list[str]) -> Iterator[tuple[int, list[str | None], list[str]]]:
    """(line, fields, raw fields) of a headerless OFAC CSV; the EOF marker line is skipped."""
    with open_text(path) as handle:
        reader = csv.reader(handle)
        wider = 0
        for row in reader:
            if not row or (len(row) == 1 and row[0].strip(" \x1a") == ""):
                continue
            if len(row) < width:
                raise ReferenceDataError(f"{path.name} line {reader.line_num}: {len(row)} fields, expected {width}")
            if len(row) > width:
                wider += 1
            yield reader.line_num, [_value(v) for v in row[:width]], row
        if wider:
            warnings.append(f"{path.name}: {wider} row(s) with more than {width} fields; the extra fields ignored")


def _ent_num(path: Path, line: int, value: str | None) -> int:
    if value is None or not value.isdigit():
        raise ReferenceDataError(f"{path.name} line {line}: ent_num {value!r} is not a number")
    return int(value)


_LISTING_DATE = re.compile(r"(?:Listing Date|Organization Established Date)[^:;]*?:?\s+(\d{2} [A-Z][a-z]{2} \d{4})")


def _newest_date(texts: list[str]) -> str | None:
    newest = None
    for text in texts:
        for found in _LISTING_DATE.findall(text):
            try:
                day = datetime.strptime(found, "%d %b %Y").date()
            except ValueError:
                continue
            newest = max(newest or day, day)
    return newest.isoformat() if newest else None


def _load(paths: dict[str, Path], list_name: str, files: tuple[str, str, str, str]) -> LoadResult:
    prim_path, alt_path, add_path, comments_path = (paths[f] for f in files)
    warnings: list[str] = []

    primary: dict[int, tuple[int, list[str | None], str]] = {}
    for line, row, raw in _rows(prim_path, _PRIMARY_WIDTH, warnings):
        ent = _ent_num(prim_path, line, row[0])
        if row[1] is None:
            raise ReferenceDataError(f"{prim_path.name} line {line}: entry {ent} has no name")
        if ent in primary:
            raise ReferenceDataError(f"{prim_path.name} line {line}: ent_num {ent} appears twice")
        primary[ent] = (line, row, raw[11])  # raw Remarks: a cut may end in a space

    aliases: dict[int, list[tuple[str | None, str]]] = defaultdict(list)
    for line, row, _ in _rows(alt_path, _ALT_WIDTH, warnings):
        ent = _ent_num(alt_path, line, row[0])
        if row[3]:
            aliases[ent].append((row[2], clean(row[3]) or row[3]))

    addresses: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for line, row, _ in _rows(add_path, _ADD_WIDTH, warnings):
        ent = _ent_num(add_path, line, row[0])
        addresses.setdefault(ent, [])
        parts = [clean(p) for p in row[2:5] if p]
        if not parts:
            continue
        address: dict[str, Any] = {"text": ", ".join(p for p in parts if p)}
        if code := country_code(row[4]):
            address["country"] = code
        add_unique(addresses[ent], address)

    overflow: dict[int, str] = {}
    for line, row, raw in _rows(comments_path, _COMMENTS_WIDTH, warnings):
        ent = _ent_num(comments_path, line, row[0])
        if row[1]:
            overflow[ent] = overflow.get(ent, "") + raw[1]

    records: list[tuple[str, dict[str, Any]]] = []
    unmapped: Counter[str] = Counter()
    unread_dates: Counter[str] = Counter()
    stale_overflow = 0
    remark_texts: list[str] = []
    for ent, (line, row, raw_remarks) in primary.items():
        _, name, sdn_type, program, title, call_sign, vess_type, tonnage, grt, vess_flag, vess_owner, remarks = row
        if ent in overflow:
            if len(raw_remarks) >= REMARKS_WIDTH:
                remarks = clean(raw_remarks + overflow[ent])
            else:
                stale_overflow += 1
        if sdn_type not in _TYPES:
            warnings.append(f"{prim_path.name} line {line}: unknown SDN_Type {sdn_type!r}; type left unknown")
        entity_type = _TYPES.get(sdn_type, EntityType.UNKNOWN)
        person = entity_type is EntityType.PERSON
        facts = parse_remarks(remarks)
        unmapped.update(facts.unmapped_countries)
        unread_dates.update(facts.unread_dates)
        if remarks:
            remark_texts.append(remarks)

        names = [name_entry(clean(name) or name, "primary", person)]
        for alt_type, alt_name in aliases.get(ent, []):
            add_name(names, name_entry(alt_name, "strong_alias", person, alt_type))
        for alias_type, weak in facts.weak_aliases:
            add_name(names, name_entry(weak, "weak_alias", False, alias_type))

        identifiers: list[dict[str, Any]] = []
        if call_sign:
            add_unique(identifiers, identifier(IdentifierKind.OTHER, call_sign, label="Call Sign"))
        for item in facts.identifiers:
            add_unique(identifiers, item)

        countries: list[str] = []
        add_unique(countries, country_code(vess_flag))
        for address in addresses.get(ent, []):
            add_unique(countries, address.get("country"))
        for code in facts.countries:
            add_unique(countries, code)

        extra = {key: value for key, value in (
            ("title", title), ("vessel_type", vess_type), ("tonnage", tonnage),
            ("gross_registered_tonnage", grt), ("vessel_owner", vess_owner),
            ("places_of_birth", "; ".join(facts.places_of_birth)),
        ) if value}
        data: dict[str, Any] = {
            "id": f"{list_name}:{ent}", "list": list_name, "type": entity_type.value,
            "programs": [p.strip() for p in re.split(r"\]\s*\[", program or "") if p.strip(" []")],
            "names": names, "dates_of_birth": facts.dates_of_birth, "gender": facts.gender,
            "nationalities": facts.nationalities, "countries": countries, "identifiers": identifiers,
            "addresses": addresses.get(ent, []), "remarks": remarks, "extra": extra,
        }
        records.append(entity_record(data, f"{prim_path.name} line {line}"))

    alias_only = sorted(set(aliases) - set(primary))
    for ent in alias_only:
        names = []
        for alt_type, alt_name in aliases[ent]:
            add_name(names, name_entry(alt_name, "strong_alias", False, alt_type))
        countries = []
        for address in addresses.get(ent, []):
            add_unique(countries, address.get("country"))
        data = {"id": f"{list_name}:{ent}", "list": list_name, "names": names, "countries": countries,
                "addresses": addresses.get(ent, [])}
        records.append(entity_record(data, f"{alt_path.name} ent_num {ent}"))

    if alias_only:
        warnings.append(f"{len(alias_only)} entries known only from {alt_path.name} (designated after the "
                        f"{prim_path.name} snapshot): no primary record; loaded with their aliases as strong "
                        "aliases, type unknown, no programme")
    address_only = set(addresses) - set(primary) - set(aliases)
    if address_only:
        warnings.append(f"{len(address_only)} entries known only from {add_path.name} (no name anywhere): skipped")
    no_address = set(primary) - set(addresses)
    if no_address:
        warnings.append(f"{len(no_address)} entries of {prim_path.name} have no row in {add_path.name} (every "
                        "entry has one in a same-day OFAC set: the files are from different dates and these "
                        "entries were probably delisted in between)")
    orphan_overflow = set(overflow) - set(primary)
    if stale_overflow or orphan_overflow:
        warnings.append(f"{comments_path.name}: {stale_overflow + len(orphan_overflow)} remarks overflow(s) not "
                        f"used ({len(orphan_overflow)} for entries without a primary record, {stale_overflow} for "
                        f"remarks not cut at {REMARKS_WIDTH} characters, so from a later text)")
    if unmapped:
        listed = ", ".join(f"{text!r} ({n})" for text, n in unmapped.most_common(5))
        warnings.append(f"{prim_path.name}: {sum(unmapped.values())} nationality phrase(s) with no ISO country: {listed}")
    if unread_dates:
        listed = ", ".join(f"{text!r}" for text, _ in unread_dates.most_common(5))
        warnings.append(f"{prim_path.name}: {sum(unread_dates.values())} DOB phrase(s) gave no date "
                        f"(unreadable, or a range over 10 years): {listed}")
    newest = _newest_date(remark_texts)
    edition = "OFAC legacy CSV, undated" + (f" (newest date inside: {newest})" if newest else "")
    return LoadResult(iter(records), edition=edition, source_date=None, warnings=warnings)


SDN_FILES = (SDN_PATH, SDN_ALT_PATH, SDN_ADD_PATH, SDN_COMMENTS_PATH)
CONS_FILES = (CONS_PATH, CONS_ALT_PATH, CONS_ADD_PATH, CONS_COMMENTS_PATH)


def load_sdn(paths: dict[str, Path]) -> LoadResult:
    """One record per SDN entry; key ``ofac_sdn:<ent_num>``."""
    return _load(paths, "ofac_sdn", SDN_FILES)


def load_cons(paths: dict[str, Path]) -> LoadResult:
    """One record per entry of the Consolidated (non-SDN) list; key ``ofac_cons:<ent_num>``."""
    return _load(paths, "ofac_cons", CONS_FILES)

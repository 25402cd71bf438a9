"""Helpers shared by the sanctions-list loaders (``sanctions_*``).

* :func:`country_code` turns the country spellings the lists use ("Korea, North", "Burma",
  "Iran (Islamic Republic of)", "Region: Crimea", "St. Kitts & Nevis", ...) into ISO 3166-1
  alpha-2 codes, from pycountry's ISO tables plus a small alias table. ``XK`` (Kosovo) is the
  user-assigned code the EU, the IMF and the lists' own ISO exports use; regions whose
  sovereignty the lists leave open (Kafia Kingi, Jammu and Kashmir) and former states (USSR)
  give ``None`` rather than a guess.
* :func:`parse_date_text` and :func:`year_range` turn "14 May 1961", "Nov. 1973", "1961" and
  "1955 to 1958" into :class:`~clearance.screening.entity.ListDate` values.
* :func:`identifier_kind` sorts a list's own identifier label ("Passport", "RUC #", "Registration
  ID", "SWIFT/BIC", ...) into an :class:`~clearance.screening.entity.IdentifierKind`, or ``None``
  for labels that are not identifiers (phone numbers, websites, listing dates, ...).
* :func:`entity_record` validates one entity through :class:`ListEntity` and dumps it compactly.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Any

import pycountry
from pydantic import ValidationError

from clearance.errors import ReferenceDataError
from clearance.screening.entity import IdentifierKind, ListEntity

MAX_RANGE_YEARS = 10  # a DOB range wider than this gives no dates (too vague to narrow a match)

_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str | None:
    """Whitespace collapsed and trimmed; ``None`` for empty text."""
    if text is None:
        return None
    value = _SPACES.sub(" ", text).strip()
    return value or None


# --- countries -------------------------------------------------------------------------------

# Spellings of the lists that pycountry's names, official names and common names do not cover.
_COUNTRY_ALIASES: dict[str, str | None] = {
    "russia": "RU", "iran": "IR", "syria": "SY", "burma": "MM", "laos": "LA", "vietnam": "VN",
    "venezuela": "VE", "bolivia": "BO", "tanzania": "TZ", "moldova": "MD", "taiwan": "TW",
    "brunei": "BN", "macau": "MO", "macao": "MO", "micronesia": "FM", "turkey": "TR",
    "korea, north": "KP", "north korea": "KP", "dprk": "KP", "korea, south": "KR", "south korea": "KR",
    "congo, democratic republic of the": "CD", "democratic republic of the congo": "CD", "drc": "CD",
    "congo, republic of the": "CG", "republic of the congo": "CG", "congo": "CG",
    "west bank": "PS", "gaza": "PS", "north gaza": "PS", "northern gaza": "PS", "gaza strip": "PS",
    "palestinian": "PS", "palestine": "PS", "state of palestine": "PS", "palestinian territories": "PS",
    "crimea": "UA", "northern mali": "ML", "kosovo": "XK",
    "cote d ivoire": "CI", "ivory coast": "CI", "cape verde": "CV", "swaziland": "SZ",
    "bahamas, the": "BS", "the bahamas": "BS", "gambia, the": "GM", "the gambia": "GM",
    "man, isle of": "IM", "virgin islands, british": "VG", "british virgin islands": "VG",
    "virgin islands, u.s.": "VI", "north macedonia, the republic of": "MK", "macedonia": "MK",
    "the former yugoslav republic of macedonia": "MK", "czech republic": "CZ",
    "bosnia-herzegovina": "BA", "vatican": "VA", "vatican city": "VA", "holy see (vatican city)": "VA",
    "usa": "US", "u.s.a.": "US", "united states of america": "US", "uae": "AE", "prc": "CN",
    "uk": "GB", "great britain": "GB", "britain": "GB",
    "united kingdom of great britain and northern ireland": "GB",
    "iran (islamic republic of)": "IR", "venezuela (bolivarian republic of)": "VE",
    "bolivia (plurinational state of)": "BO", "micronesia (federated states of)": "FM",
    "republic of korea": "KR", "republic of moldova": "MD", "lao people's democratic republic": "LA",
    "hong kong sar": "HK", "hong kong sar, china": "HK", "u.k.": "GB",
    "china, hong kong special administrative region": "HK", "china, macao special administrative region": "MO",
    # Left open on purpose: disputed regions, groupings and former states.
    "kafia kingi": None, "jammu and kashmir": None, "commonwealth of independent states": None,
    "netherlands antilles": None, "ussr": None, "former ussr": None, "soviet union": None,
    "former soviet union": None, "yugoslavia": None, "serbia and montenegro": None,
    "former german democratic republic": None, "occupied golan heights": None,
    "undetermined": None, "none identified": None, "unknown": None, "na": None, "n/a": None,
}
_EXTRA_ALPHA2 = {"XK"}  # user-assigned, not in ISO 3166-1 but used by the lists


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("&", " and ").replace("\u2019", "'")
    text = re.sub(r"\bst\.?\s", "saint ", text)
    return _SPACES.sub(" ", text).strip(" .")


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str | None]:
    index: dict[str, str | None] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index[_fold(value)] = country.alpha_2
        index[country.alpha_3.lower()] = country.alpha_2
    for alias, code in _COUNTRY_ALIASES.items():
        index[_fold(alias)] = code
    return index


def is_alpha2(code: str) -> bool:
    return len(code) == 2 and (code in _EXTRA_ALPHA2 or pycountry.countries.get(alpha_2=code) is not None)


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """ISO alpha-2 for a country as a list spells it (name or code); ``None`` when it does not map."""
    value = clean(text)
    if not value:
        return None
    if len(value) == 2 and value.isalpha() and value.isupper():  # a code; "na" is "not applicable"
        return value if is_alpha2(value) else None
    folded = _fold(value)
    if folded.startswith("region:"):
        folded = folded[len("region:"):].strip()
    return _country_index().get(folded)


# --- dates -----------------------------------------------------------------------------------

_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_FULL_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
_DMY = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_MY = re.compile(r"^([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _month(word: str) -> int | None:
    word = word.lower()
    number = _MONTHS.get(word[:3])
    if number is None:
        return None
    full = _FULL_MONTHS[number - 1]
    if full.startswith(word) or word in ("sept",):
        return number
    return None


def _valid(year: int, month: int | None = None, day: int | None = None) -> bool:
    if not 1000 <= year <= 2999:
        return False
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return False
    return True


def parse_date_text(text: str | None) -> str | None:
    """``1961-05-14``, ``1961-05`` or ``1961`` from "14 May 1961", "May 1961", "Nov. 1973",
    "1961", "1961-05-14"; ``None`` when the text is not one plain date."""
    value = clean(text)
    if not value:
        return None
    if m := _ISO.match(value):
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        if not _valid(year, int(month) if month else None, int(day) if day else None):
            return None
        return value
    if m := _DMY.match(value):
        month = _month(m.group(2))
        year, day = int(m.group(3)), int(m.group(1))
        if month is None or not _valid(year, month, day):
            return None
        return f"{year:04d}-{month:02d}-{day:02d}"
    if m := _MY.match(value):
        month = _month(m.group(1))
        year = int(m.group(2))
        if month is None or not _valid(year, month):
            return None
        return f"{year:04d}-{month:02d}"
    return None


def list_date(value: str, *, approximate: bool = False, raw: str | None = None) -> dict[str, Any]:
    """A ListDate as a dict (defaults left out); ``raw`` only when it differs from ``value``."""
    item: dict[str, Any] = {"value": value}
    if approximate:
        item["approximate"] = True
    if raw and raw != value:
        item["raw"] = raw
    return item


_CIRCA = re.compile(r"^(?:circa|approximately|approx\.|about)\s+", re.IGNORECASE)
_RANGE = re.compile(r"^(?P<a>.+?)\s+to\s+(?P<b>.+)$|^(?P<y1>\d{4})\s*-\s*(?P<y2>\d{4})$")


def dob_dates(text: str) -> list[dict[str, Any]] | None:
    """ListDates for one date-of-birth phrase: "14 May 1961", "circa 1960", "1955 to 1958",
    "01 Feb 1960 to 29 Feb 1960", "1979-1982", "1961-05-14"; ``None`` when it gives no date."""
    raw = clean(text) or ""
    circa = _CIRCA.match(raw)
    body = raw[circa.end():] if circa else raw
    if ranged := _RANGE.match(body):
        start = parse_date_text(ranged.group("a") or ranged.group("y1"))
        end = parse_date_text(ranged.group("b") or ranged.group("y2"))
        return year_range(start, end, raw) if start and end else None
    value = parse_date_text(body)
    if value is None:
        return None
    return [list_date(value, approximate=bool(circa), raw=raw)]


def year_range(start: str, end: str, raw: str | None = None) -> list[dict[str, Any]] | None:
    """ListDates for a range between two parsed dates: the month when both ends fall in one
    month, the year when both fall in one year, otherwise one approximate date per year.
    ``None`` when the range is reversed or wider than :data:`MAX_RANGE_YEARS` years."""
    first, last = int(start[:4]), int(end[:4])
    if last < first:
        return None
    if start[:7] == end[:7] and len(start) >= 7:
        return [list_date(start[:7], approximate=True, raw=raw)]
    if last - first + 1 > MAX_RANGE_YEARS:
        return None
    return [list_date(str(year), approximate=True, raw=raw) for year in range(first, last + 1)]


# --- identifiers -----------------------------------------------------------------------------

_NOT_IDENTIFIERS = re.compile(
    r"phone|fax|e-?mail|website|url|date|linked to|secondary sanctions|additional sanctions|"
    r"executive order|transactions prohibited|caatsa|target type|organization type|issuer name|"
    r"aircraft model|aircraft operator|vessel flag|vessel type|vessel year|gender|nationality of registration|"
    r"registration country|locode|ifca|information", re.IGNORECASE)
_KIND_RULES: tuple[tuple[IdentifierKind, re.Pattern[str]], ...] = (
    (IdentifierKind.IMO, re.compile(r"\bIMO\b|International Maritime Organization|Vessel Registration Identification",
                                    re.IGNORECASE)),
    (IdentifierKind.SWIFT, re.compile(r"SWIFT|\bBIC\b", re.IGNORECASE)),
    (IdentifierKind.PASSPORT, re.compile(r"passport|pasaporte|passeport|travel document", re.IGNORECASE)),
    (IdentifierKind.TAX, re.compile(
        r"\btax\b|tributar|\bR\.?F\.?C\b|\bNIT\b|\bRUC\b|\bRIF\b|\bRTN\b|\bRSIN\b|\bNUIT\b|V\.?A\.?T\b|"
        r"C\.U\.I\.[TL]\.|C\.I\.F\.|\bFEIN\b|\bEIN\b|fiscal code|\bINN\b|\bTIN\b|\bNIF\b|\bCUIT\b", re.IGNORECASE)),
    (IdentifierKind.NATIONAL_ID, re.compile(
        r"national id|national identification|\bnational\b|identification number|identity|personal id|"
        r"personal numerical code|\bCNP\b|N\.I\.E\.|UAE Identification|\bID card|\bID No|c[ée]dula|"
        r"C\.U\.R\.P\.|\bCURP\b|D\.N\.I\.|\bDNI\b|citizen'?s card|\bSSN\b|C\.U\.I\.(?!T)|\bLE Number|"
        r"identidad|tazkira|kenyan id", re.IGNORECASE)),
    (IdentifierKind.REGISTRATION, re.compile(
        r"(?<!electoral )(?<!military )regist(?!ry no)|company (?:number|no|id)|incorporation|chamber of comm|"
        r"mercantil|social credit code|enterprise number|business number|trade license|\bC\.R\.(?: No|$)|"
        r"government gazette|legal entity number|\bLEI\b|\bOGRN|branch unit number|organization code|"
        r"D-U-N-S|business_registration", re.IGNORECASE)),
)
# Labels of things that are identifiers although they do not say "No." or "Number".
_OTHER_IDS = re.compile(
    r"No\.?$|Number|#$|\bID$|Card$|Code$|Document$|License|Certificate|Permit|MMSI|ISIN|BIK|"
    r"Digital Currency Address|Tail Number|Serial|Ticker|VisaNumberID|Credencial electoral|"
    r"Cartilla de Servicio Militar|I\.F\.E\.|Call Sign|Transponder|Permanent Resident", re.IGNORECASE)


def identifier_kind(label: str) -> IdentifierKind | None:
    """The kind of identifier a list's label names; ``None`` when the label is not an identifier."""
    if _NOT_IDENTIFIERS.search(label):
        return None
    for kind, pattern in _KIND_RULES:
        if pattern.search(label):
            return kind
    return IdentifierKind.OTHER if _OTHER_IDS.search(label) else None


def identifier(kind: IdentifierKind, value: str, country: str | None = None,
               label: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"kind": kind.value, "value": value}
    if country:
        item["country"] = country
    if label:
        item["label"] = label
    return item


# --- records ---------------------------------------------------------------------------------

def name_entry(full: str, role: str, person: bool = False, alias_type: str | None = None) -> dict[str, Any]:
    """A ListName as a dict; a person's "FAMILY, Given Names" (the US lists' order) gets its parts."""
    name: dict[str, Any] = {"full": full, "role": role}
    if person and ", " in full:
        family, given = full.split(", ", 1)
        if family.strip() and given.strip():
            name["parts"] = {"family": family.strip(), "given": given.strip()}
    if alias_type:
        name["alias_type"] = alias_type
    return name


def add_name(names: list[dict[str, Any]], name: dict[str, Any]) -> None:
    """Append ``name`` unless the entity already has that name (compared case-insensitively)."""
    folded = name["full"].casefold()
    if all(n["full"].casefold() != folded for n in names):
        names.append(name)


def add_unique(items: list, item: Any) -> None:
    """Append ``item`` unless an equal one is there (lists keep the publisher's order)."""
    if item is not None and item not in items:
        items.append(item)


def entity_record(data: dict[str, Any], where: str) -> tuple[str, dict[str, Any]]:
    """Validate ``data`` as a :class:`ListEntity`; the record is its compact JSON dump.

    Broken data fails loudly, naming ``where`` (file and row)."""
    try:
        entity = ListEntity.model_validate(data)
    except ValidationError as exc:
        raise ReferenceDataError(f"{where}: not a valid list entity: {exc}") from exc
    return entity.id, entity.model_dump(mode="json", exclude_defaults=True)

"""The basic description of a DG line as written on a shipping paper (49 CFR 172.202(b)), parsed.

Sequence: identification number, proper shipping name (technical name in parentheses for G
entries, 172.203(k)), hazard class or division (subsidiary hazards in parentheses), packing group
(Roman numeral, "PG" optional), e.g.::

    UN1992, Flammable liquid, toxic, n.o.s. (Methanol, Toluene), 3 (6.1), PG II
    RQ, UN1789, Hydrochloric acid, 8, PG II
    UN3082, Environmentally hazardous substance, liquid, n.o.s. (Xylene), 9, PG III, Marine Pollutant

Additional entries of 172.203 (RQ, Marine Pollutant, Limited Quantity, Poison/Toxic-Inhalation
Hazard, Zone A-D) may come before the number or after the packing group. The proper shipping
name itself contains commas, so the parser takes the number from the front and the class, packing
group and additional entries from the back, and what is left is the name.
:func:`parse_description` raises only :class:`DescriptionError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ID = re.compile(r"^(?:(?P<rq>RQ)\s*,?\s*)?(?P<id>(?:UN|NA|ID)\s?\d{4})\s*,\s*(?P<rest>.+)$", re.IGNORECASE)
_CLASS = re.compile(r"^(?:class\s*|div\.?\s*)?(?P<cls>\d(?:\.\d)?[A-Z]?|Comb(?:ustible)?\.? liq(?:uid)?)"
                    r"(?:\s*\((?P<sub>[\d.,\s]+)\))?$", re.IGNORECASE)
_PG = re.compile(r"^(?:PG\s*)?(?P<pg>I{1,3})$", re.IGNORECASE)
_EXTRAS = {"rq": "RQ", "marine pollutant": "MARINE POLLUTANT", "limited quantity": "LIMITED QUANTITY",
           "ltd qty": "LIMITED QUANTITY", "poison-inhalation hazard": "INHALATION HAZARD",
           "toxic-inhalation hazard": "INHALATION HAZARD", "poison inhalation hazard": "INHALATION HAZARD",
           "toxic inhalation hazard": "INHALATION HAZARD", "inhalation hazard": "INHALATION HAZARD",
           "hot": "HOT", "waste": "WASTE"}
_ZONE = re.compile(r"^zone\s+[a-d]$", re.IGNORECASE)
_TECHNICAL = re.compile(r"^(?P<name>.*?)\s*\((?P<tech>[^()]+)\)$")


class DescriptionError(ValueError):
    """The text is not a basic description: the message says which element is missing."""


@dataclass(frozen=True)
class Description:
    id_number: str
    proper_shipping_name: str
    hazard_class: str
    subsidiary_hazards: tuple[str, ...] = ()
    packing_group: str | None = None
    technical_name: str | None = None
    additional: frozenset[str] = field(default_factory=frozenset)  # RQ, MARINE POLLUTANT, ...


def parse_description(text: str) -> Description:
    if not isinstance(text, str) or not text.strip():
        raise DescriptionError("empty shipping description")
    match = _ID.match(" ".join(text.split()))
    if not match:
        raise DescriptionError("the description does not start with an identification number (UN/NA/ID and four "
                               "digits), optionally preceded by RQ")
    additional = {"RQ"} if match.group("rq") else set()
    parts = _split(match.group("rest"))
    while parts and (parts[-1].lower() in _EXTRAS or _ZONE.match(parts[-1])):
        last = parts.pop()
        additional.add(_EXTRAS.get(last.lower(), last.upper()))
    packing_group = None
    if parts and (pg := _PG.match(parts[-1])):
        packing_group = pg.group("pg").upper()
        parts.pop()
    if not parts or not (cls := _CLASS.match(parts[-1])):
        raise DescriptionError("no hazard class or division after the proper shipping name")
    parts.pop()
    if not parts:
        raise DescriptionError("no proper shipping name between the identification number and the class")
    name, technical = ", ".join(parts), None
    if tech := _TECHNICAL.match(name):
        name, technical = tech.group("name").rstrip(" ,"), tech.group("tech").strip()
    if not name:
        raise DescriptionError("no proper shipping name between the identification number and the class")
    subsidiary = tuple(s.strip() for s in (cls.group("sub") or "").split(",") if s.strip())
    return Description(id_number=match.group("id").replace(" ", "").upper(), proper_shipping_name=name,
                       hazard_class=cls.group("cls"), subsidiary_hazards=subsidiary, packing_group=packing_group,
                       technical_name=technical, additional=frozenset(additional))


def _split(text: str) -> list[str]:
    """Comma-separated parts, not splitting inside parentheses (technical names, subsidiary hazards)."""
    parts, depth, current = [], 0, []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]

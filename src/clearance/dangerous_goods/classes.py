"""Hazard classes, divisions and labels as written on declarations, made comparable with the HMT.

Declarations write "Class 3", "Div. 2.1", "1.4g" or the label's name ("FLAMMABLE LIQUID"); the
HMT writes "3", "2.1", "1.4G". Label names are those of 49 CFR 172.411-172.448.
"""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^(class|div\.?|division)\s*", re.IGNORECASE)
_COMBUSTIBLE = {"COMB LIQ", "COMBUSTIBLE LIQUID", "COMBUSTIBLE"}

# 172.411-172.448: label name -> the class or division code it shows.
LABEL_NAMES = {
    "EXPLOSIVE": "1", "FLAMMABLE GAS": "2.1", "NON-FLAMMABLE GAS": "2.2", "NONFLAMMABLE GAS": "2.2",
    "POISON GAS": "2.3", "TOXIC GAS": "2.3", "OXYGEN": "2.2", "FLAMMABLE LIQUID": "3", "FLAMMABLE SOLID": "4.1",
    "SPONTANEOUSLY COMBUSTIBLE": "4.2", "DANGEROUS WHEN WET": "4.3", "OXIDIZER": "5.1",
    "ORGANIC PEROXIDE": "5.2", "POISON": "6.1", "TOXIC": "6.1", "POISON INHALATION HAZARD": "6.1",
    "TOXIC INHALATION HAZARD": "6.1", "INFECTIOUS SUBSTANCE": "6.2", "RADIOACTIVE WHITE-I": "7",
    "RADIOACTIVE YELLOW-II": "7", "RADIOACTIVE YELLOW-III": "7", "FISSILE": "7", "CORROSIVE": "8",
    "CLASS 9": "9", "LITHIUM BATTERY": "9", "CARGO AIRCRAFT ONLY": "CARGO AIRCRAFT ONLY",
    "CAO": "CARGO AIRCRAFT ONLY", "DANGER - CARGO AIRCRAFT ONLY": "CARGO AIRCRAFT ONLY",
}
INHALATION_LABELS = {"POISON INHALATION HAZARD", "TOXIC INHALATION HAZARD", "POISON GAS", "TOXIC GAS", "2.3"}


def normalise_class(text: str | None) -> str | None:
    """"Class 3" -> "3", "1.4g" -> "1.4G", "Comb liq" -> "COMB LIQ"; None for blank."""
    if text is None or not text.strip():
        return None
    value = _PREFIX.sub("", text.strip()).strip().upper()
    return "COMB LIQ" if value in _COMBUSTIBLE else value


def normalise_label(text: str) -> str:
    """A label as its class code (or CARGO AIRCRAFT ONLY); unknown names are kept upper-cased."""
    value = " ".join(text.strip().upper().replace("_", " ").split())
    value = _PREFIX.sub("", value).strip()
    return LABEL_NAMES.get(value, value)


def label_satisfies(required: str, declared: set[str]) -> bool:
    """Whether a declared label set shows the required label code.

    An explosive label shows division and compatibility group ("1.4G"); a declared "1.4G" or a bare
    division "1.4" on an EXPLOSIVE label is accepted; any class 7 label meets code "7".
    """
    return required in declared or (required[:1] == "1" and ("1" in declared or required[:3] in declared))


def division(code: str) -> str:
    """The class or division without the explosives compatibility group: "1.4G" -> "1.4"."""
    return code[:3] if code[:1] == "1" and len(code) >= 3 else code


def compatibility_group(code: str) -> str | None:
    """The explosives compatibility group letter of "1.4G", or None."""
    return code[3:4] if code[:1] == "1" and len(code) >= 4 and code[3:4].isalpha() else None

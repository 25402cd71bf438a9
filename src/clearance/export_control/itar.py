"""USML items: the ITAR decides, not the EAR (22 CFR parts 120-130; 15 CFR 734.3(b)(1)(i)).

A defense article on the U.S. Munitions List (22 CFR 121.1) needs a DDTC licence (22 CFR
123.1) unless an ITAR exemption applies; the EAR's chart analysis does not apply. For the
destinations of 22 CFR 126.1(d)(1) it is U.S. policy to deny licences, and exemptions are not
available (22 CFR 126.1(a)).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from clearance.export_control.destination import Destination
from clearance.refdata import ReferenceData

if TYPE_CHECKING:
    from clearance.export_control.determine import Determination

USML = "itar_usml"
# 22 CFR 126.1(d)(1): countries under a U.S. arms embargo (policy of denial).
DENIAL_POLICY = {"BY": "Belarus", "MM": "Burma", "CN": "China", "CU": "Cuba", "IR": "Iran", "KP": "North Korea",
                 "SY": "Syria", "VE": "Venezuela"}
_CATEGORY = re.compile(r"^(?:CAT(?:EGORY)?\.?\s*)?([IVX]+)(\([a-z]\)(?:\(\d+\))*)?$", re.IGNORECASE)
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI"]


def parse_usml(text: str) -> tuple[str, str]:
    """"XI(a)(3)" -> ("XI", "(a)(3)"); ValueError for anything that is not a USML category."""
    match = _CATEGORY.match((text or "").strip().replace(" ", ""))
    if match is None or match.group(1).upper() not in _ROMAN:
        raise ValueError(f"'{text}' is not a USML category: expected a Roman numeral I to XXI, optionally with a "
                         "paragraph, e.g. XI or XI(a)(3) (22 CFR 121.1)")
    return match.group(1).upper(), match.group(2) or ""


def itar_steps(reference: ReferenceData, result: Determination, usml: str, dest: Destination) -> None:
    from clearance.export_control.determine import DeterminationError

    try:
        category, paragraph = parse_usml(usml)
    except ValueError as exc:
        raise DeterminationError(str(exc)) from None
    record = reference.get(USML, category)
    title = f" ({record['title']})" if record else ""
    if (snap := reference.snapshot(USML)) is not None:
        result.snapshots[USML] = snap.id
    result.authority = "DDTC (ITAR)"
    result.add("itar", f"USML Category {category}{paragraph}{title}: a defense article subject to the ITAR; a DDTC "
               "licence is required unless an ITAR exemption applies; the EAR Country Chart is not consulted",
               "22 CFR 121.1; 22 CFR 123.1; 15 CFR 734.3(b)(1)(i)", "licence")
    if dest.country in DENIAL_POLICY:
        result.add("itar", f"{DENIAL_POLICY[dest.country]} is a 22 CFR 126.1(d)(1) destination: policy of denial; "
                   "ITAR exemptions are not available", "22 CFR 126.1(a), (d)(1)", "licence")
        return
    exemption = result.request.export.itar_exemption if result.request.export else None
    if exemption:
        result.add("itar", f"ITAR exemption {exemption} claimed: confirm every condition of that section and "
                   "report it in the EEI", "22 CFR parts 123, 125, 126; 22 CFR 123.22")

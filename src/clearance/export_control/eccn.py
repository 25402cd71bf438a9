"""Export Control Classification Numbers: their grammar and what the five characters say.

15 CFR 738.2(d): an ECCN is a category digit (0-9), a product-group letter (A systems,
equipment and components; B test, inspection and production equipment; C materials;
D software; E technology) and three digits whose first says why the item is controlled.
"600 series" items (third character 6) are munitions moved from the USML; "9x515" items are
spacecraft; "0x5zz" items (0A501-0E505) are firearms moved from USML Categories I-III. Items
subject to the EAR but on no ECCN are designated EAR99 (15 CFR 734.3(c)). A line may name
the paragraph it falls under ("3A001.b.2"), which decides paragraph-scoped controls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clearance.errors import ClearanceError

EAR99 = "EAR99"

CATEGORIES = {
    "0": "Nuclear Materials, Facilities and Equipment [and Miscellaneous Items]",
    "1": "Special Materials and Related Equipment, Chemicals, Microorganisms and Toxins",
    "2": "Materials Processing",
    "3": "Electronics",
    "4": "Computers",
    "5": "Telecommunications and Information Security",
    "6": "Sensors and Lasers",
    "7": "Navigation and Avionics",
    "8": "Marine",
    "9": "Aerospace and Propulsion",
}
PRODUCT_GROUPS = {
    "A": "Systems, Equipment and Components",
    "B": "Test, Inspection and Production Equipment",
    "C": "Materials",
    "D": "Software",
    "E": "Technology",
}
# 15 CFR 738.2(d)(2)(ii): the third character of the ECCN.
REGIMES = {
    "0": "National Security (Wassenaar Arrangement) and Nuclear Suppliers Group items",
    "1": "Missile Technology (MTCR)",
    "2": "Nuclear Nonproliferation (NSG)",
    "3": "Chemical & Biological Weapons (Australia Group)",
    "5": "Items controlled at the determination of the Department of Commerce (0x5zz firearms, 9x515, 0Y521)",
    "6": "\"600 series\": Wassenaar Munitions List items",
    "9": "Anti-terrorism, Crime Control, Regional Stability, Short Supply, UN sanctions and other unilateral",
}
# Category 5 Part 2, "Information Security" (Supp. No. 1 to part 774): the items License
# Exception ENC (15 CFR 740.17) and the EI control (15 CFR 742.15) are about.
INFORMATION_SECURITY = frozenset({"5A002", "5A003", "5A004", "5B002", "5D002", "5E002",
                                  "5A992", "5D992", "5E992"})

_ECCN = re.compile(r"^(?P<category>\d)(?P<group>[A-E])(?P<digits>\d{3})(?P<paragraph>(?:\.[a-z0-9]+)*)$")
_SEPARATORS = re.compile(r"[\s]+")


class EccnError(ClearanceError, ValueError):
    """Text that is not an ECCN (or EAR99)."""


@dataclass(frozen=True)
class Eccn:
    """A parsed ECCN, or EAR99 (``code`` ``EAR99``, no category)."""

    code: str  # "3A001" or "EAR99"
    paragraph: str = ""  # "b.2" for 3A001.b.2; "" when the whole entry is named

    @property
    def is_ear99(self) -> bool:
        return self.code == EAR99

    @property
    def category(self) -> str | None:
        return None if self.is_ear99 else self.code[0]

    @property
    def product_group(self) -> str | None:
        return None if self.is_ear99 else self.code[1]

    @property
    def regime_digit(self) -> str | None:
        return None if self.is_ear99 else self.code[2]

    @property
    def is_600_series(self) -> bool:
        return self.regime_digit == "6"

    @property
    def is_9x515(self) -> bool:
        return not self.is_ear99 and self.code[0] == "9" and self.code[2:] == "515"

    @property
    def is_0x5zz(self) -> bool:
        """Firearms and related items moved from USML Categories I-III (0A501-0E505)."""
        return not self.is_ear99 and self.code[0] == "0" and self.code[2] == "5" and self.code[2:] <= "505"

    @property
    def is_information_security(self) -> bool:
        return self.code in INFORMATION_SECURITY

    @property
    def full(self) -> str:
        return f"{self.code}.{self.paragraph}" if self.paragraph else self.code

    def describe(self) -> dict[str, str | bool | None]:
        if self.is_ear99:
            return {"eccn": EAR99, "meaning": "subject to the EAR, not on the Commerce Control List "
                    "(15 CFR 734.3(c))"}
        return {
            "eccn": self.full,
            "category": f"{self.category}: {CATEGORIES[self.code[0]]}",
            "product_group": f"{self.product_group}: {PRODUCT_GROUPS[self.code[1]]}",
            "regime": f"{self.regime_digit}: {REGIMES.get(self.code[2], 'not a defined regime digit')}",
            "600_series": self.is_600_series, "9x515": self.is_9x515,
            "information_security": self.is_information_security,
        }

    def __str__(self) -> str:
        return self.full


def parse_eccn(text: str) -> Eccn:
    """Parse "3A001", "3a001.B.2", "EAR99"; raise :class:`EccnError` with the reason otherwise.

    The category, group and digits are upper-cased; paragraphs are lower-cased, as the CCL
    writes them. The third character must be one 15 CFR 738.2(d) defines.
    """
    compact = _SEPARATORS.sub("", text or "")
    if not compact:
        raise EccnError("no ECCN given (use EAR99 for items subject to the EAR but not on the CCL)")
    if compact.upper() == EAR99:
        return Eccn(EAR99)
    head, _, tail = compact.partition(".")
    candidate = head.upper() + (f".{tail.lower()}" if tail else "")
    match = _ECCN.match(candidate)
    if match is None:
        raise EccnError(
            f"'{text}' is not an ECCN: expected a category digit, a product group A-E and three digits, "
            "optionally followed by a paragraph (e.g. 3A001, 5A002, 3A001.b.2) or EAR99 (15 CFR 738.2(d))")
    digits = match["digits"]
    if digits[0] not in REGIMES:
        raise EccnError(f"'{text}' is not an ECCN: the third character '{digits[0]}' is not a reason-for-control "
                        "digit of 15 CFR 738.2(d)(2)(ii) (0, 1, 2, 3, 5, 6 or 9)")
    return Eccn(f"{match['category']}{match['group']}{digits}", match["paragraph"].lstrip("."))

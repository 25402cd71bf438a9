"""CBP user fees by fiscal year: MPF (formal and informal), the manual surcharge and HMF.

The amounts are reference data (dataset ``cbp_user_fees``, one value per fee and fiscal year,
from 19 CFR 24.23 / 24.24 and the annual Federal Register notices). A fiscal year runs from
1 October to 30 September: FY2026 is 2025-10-01 to 2026-09-30 (19 CFR 24.23(b)(1)(i)(B)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

MPF_RATE = "MPF formal ad valorem rate"
MPF_MIN = "MPF formal minimum"
MPF_MAX = "MPF formal maximum"
INFORMAL_AUTOMATED = "Informal entry/release - automated not prepared by CBP"
INFORMAL_MANUAL = "Informal entry/release - manual not prepared by CBP"
INFORMAL_CBP = "Informal entry/release - prepared by CBP"
MANUAL_SURCHARGE = "Surcharge for manual entry or release"
HMF_RATE = "Harbor Maintenance Fee (ocean/port use)"


def fiscal_year(on: date) -> int:
    """The US Government fiscal year of a date (FY2026 = 2025-10-01 .. 2026-09-30)."""
    return on.year + 1 if on.month >= 10 else on.year


@dataclass(frozen=True)
class FeeValue:
    fee: str
    fiscal_year: int           # the year the value is for (may be earlier than asked: see ``fallback``)
    amount: Decimal            # dollars, or percent for the ad valorem rates
    is_percent: bool
    cfr: str
    class_code: str | None
    status: str | None
    fallback: bool             # True when the asked year has no value and an earlier year's is used


class FeeSchedule:
    """Fee values by name and fiscal year, with an explicit fallback to the latest earlier year."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self._values: dict[str, dict[int, dict[str, Any]]] = {}
        for record in records:
            self._values.setdefault(record["fee"], {})[int(record["fiscal_year"])] = record
        # Every entry asks for the same few fees: answer each (fee, year) once. The records are
        # fixed at construction and FeeValue is immutable, so an answer never goes stale.
        self._answers: dict[tuple[str, int], FeeValue | None] = {}

    def __bool__(self) -> bool:
        return bool(self._values)

    def value(self, fee: str, year: int) -> FeeValue | None:
        key = (fee, year)
        if key not in self._answers:
            self._answers[key] = self._value(fee, year)
        return self._answers[key]

    def _value(self, fee: str, year: int) -> FeeValue | None:
        by_year = self._values.get(fee, {})
        earlier = [y for y in by_year if y <= year]
        if not earlier:
            return None
        chosen = max(earlier)
        record = by_year[chosen]
        text = str(record["value"]).split("(")[0].strip()
        is_percent = text.endswith("%")
        return FeeValue(fee=fee, fiscal_year=chosen, amount=Decimal(text.rstrip("%").replace(",", "")),
                        is_percent=is_percent, cfr=record["cfr"], class_code=record.get("class_code"),
                        status=record.get("status"), fallback=chosen != year)

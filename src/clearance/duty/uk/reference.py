"""The UK tariff's reference data as the calculator uses it: a commodity and the month's EUR rate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from clearance.duty.uk.calculate import EurRate
from clearance.duty.uk.measures import Commodity
from clearance.errors import DatasetNotLoaded, InputError, InputProblem
from clearance.refdata import ReferenceData

COMMODITIES, EUR_RATES = "uk_commodities", "eur_gbp_monthly"


def load_commodity(reference: ReferenceData, tariff: str, code: str) -> Commodity:
    """The commodity's measures; a clear error when the tariff data or the commodity is not loaded."""
    if not reference.has(COMMODITIES):
        raise DatasetNotLoaded(COMMODITIES)
    record = reference.get(COMMODITIES, f"{tariff}:{code}")
    if record is None:
        loaded = sorted(r["code"] for r in reference.records(COMMODITIES) if r["tariff"] == tariff)
        raise InputError("commodity", [InputProblem("commodity", None, f"{code} is not in the loaded "
                                                    f"{tariff.upper()} tariff data ({len(loaded)} commodities: "
                                                    f"{', '.join(loaded) or 'none'})")])
    return Commodity.from_record(record)


def eur_rate(reference: ReferenceData, day: date) -> EurRate | None:
    """The monthly EUR to GBP rate of the import month, else the latest earlier month's (with a note)."""
    if not reference.has(EUR_RATES):
        return None
    month = day.strftime("%Y-%m")
    record = reference.get(EUR_RATES, f"EUR:{month}")
    if record is not None:
        return EurRate(Decimal(record["gbp_per_eur"]), month)
    earlier = [r for r in reference.records(EUR_RATES) if r["month"] < month]
    if not earlier:
        return None
    latest = max(earlier, key=lambda r: r["month"])
    return EurRate(Decimal(latest["gbp_per_eur"]), latest["month"],
                   f"no EUR to GBP rate is loaded for {month}; the rate of {latest['month']} was used")

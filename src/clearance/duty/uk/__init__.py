"""UK and Northern Ireland (XI) import duty from the tariff's measures (TARIC duty expressions)."""

from clearance.duty.uk.calculate import EurRate, Option, UkDutyRequest, UkDutyResult, calculate_uk
from clearance.duty.uk.measures import Commodity
from clearance.duty.uk.reference import eur_rate, load_commodity

__all__ = ["Commodity", "EurRate", "Option", "UkDutyRequest", "UkDutyResult", "calculate_uk", "eur_rate",
           "load_commodity"]

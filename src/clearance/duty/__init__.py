"""Duties, taxes and fees: rate text, valuation, currency, Chapter 99 measures, fees, landed cost."""

from clearance.duty.assess import Assessment, assess
from clearance.duty.calculate import DutyEntryInput, DutyLineInput, EntryDuty, calculate
from clearance.duty.engine import DutyEngine
from clearance.duty.tables import DutyTables

__all__ = ["Assessment", "DutyEngine", "DutyEntryInput", "DutyLineInput", "DutyTables", "EntryDuty", "assess",
           "calculate"]

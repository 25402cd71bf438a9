"""IEEPA refund claims from computed past entries."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from clearance.duty.calculate import DutyEntryInput, DutyLineInput, calculate
from clearance.duty.refunds import COLUMNS, claims_csv, refund_claims
from clearance.duty.tables import DutyTables
from clearance.model import TransportMode


def entry(ref, on):
    lines = (DutyLineInput(1, Decimal("20000.00"), "CN", hts="8544429090", chapter99=("99038803",)),)
    return calculate(DutyEntryInput(on, TransportMode.OCEAN, lines, entry_type="01"), DutyTables(ref, on))


def test_ieepa_deposits_of_a_2025_entry_are_claimed(duty_ref):
    claims = refund_claims("ENT-1", entry(duty_ref, date(2025, 6, 2)))
    assert [(c.heading, c.deposited_usd) for c in claims] == [("9903.01.24", Decimal("4000.00")),
                                                             ("9903.01.25", Decimal("2000.00"))]
    rows = list(csv.reader(io.StringIO(claims_csv(claims))))
    assert rows[0] == list(COLUMNS) and rows[-1][0] == "TOTAL" and rows[-1][COLUMNS.index("deposited_usd")] == "6000.00"


def test_entries_after_collection_stopped_have_nothing_to_claim(duty_ref):
    assert refund_claims("ENT-2", entry(duty_ref, date(2026, 3, 15))) == []

"""IEEPA refunds: what past entries deposited under IEEPA headings, per entry and line.

The IEEPA duties (fentanyl and reciprocal, Chapter 99 headings 9903.01.xx / 9903.02.xx) were
held unlawful on 2026-02-20 and CBP stopped collecting them for entries from 2026-02-24. What
was deposited on earlier entries is refundable; the programmes and their ground are data in
``duty/data/refundable_programmes.csv``. The claim list is a CSV an importer or broker can
take into the refund process (protest, post-summary correction or the CIT procedure).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from clearance.duty.calculate import EntryDuty
from clearance.duty.measures import refundable

COLUMNS = ("entry_reference", "entry_date", "line", "hts", "origin", "heading", "programme", "rate",
           "base_usd", "deposited_usd", "measure_confidence", "ground", "citation")


@dataclass(frozen=True)
class RefundClaim:
    entry_reference: str
    entry_date: str
    line: int
    hts: str
    origin: str
    heading: str
    programme: str
    rate: str
    base_usd: Decimal
    deposited_usd: Decimal
    measure_confidence: str
    ground: str
    citation: str


def refund_claims(reference: str, duty: EntryDuty) -> list[RefundClaim]:
    """The refundable components of one computed entry (empty for entries after collection stopped)."""
    programmes = refundable()
    claims = []
    for line in duty.lines:
        for c in line.components:
            row = programmes.get(c.programme)
            if row is None or c.amount == 0:
                continue
            claims.append(RefundClaim(
                reference, duty.entry_date.isoformat(), line.number, line.hts or "", line.origin or "",
                c.provision, c.programme, c.rate_text, c.base, c.amount, c.confidence,
                row.values["ground"], row.values["citation"]))
    return claims


def claims_csv(claims: Iterable[RefundClaim]) -> str:
    """The claim list as CSV text, one row per entry line and heading, with a total row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    total = Decimal("0.00")
    for claim in claims:
        writer.writerow([getattr(claim, name) for name in COLUMNS])
        total += claim.deposited_usd
    writer.writerow(["TOTAL", "", "", "", "", "", "", "", "", f"{total:.2f}", "", "", ""])
    return out.getvalue()

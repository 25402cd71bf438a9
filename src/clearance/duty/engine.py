"""The duty engine in the ``check`` pipeline: import shipments only, as of the check date."""

from __future__ import annotations

from datetime import date

from clearance.duty import rules as R
from clearance.duty.assess import assess
from clearance.duty.measures import refundable
from clearance.duty.tables import BoundedCache, DutyTables
from clearance.engine import CheckContext, EngineOutcome
from clearance.model import Direction, Shipment

#: Entry dates whose tables one engine keeps (a service checks shipments of a few dates over and over).
TABLES_KEPT = 8


class DutyEngine:
    """Duties, Chapter 99 measures, AD/CVD deposits and fees, with the valuation behind them.

    An engine that runs many checks (the service builds its engines once) keeps the
    :class:`DutyTables` of the last :data:`TABLES_KEPT` entry dates, with their line plans, so a
    check on a date seen before is a warm pass. Tables are reused only with the same reference-data
    accessor they were built on; their data cannot change during their life."""

    name = "duty"
    rules = R.RULES

    def __init__(self) -> None:
        self._tables: BoundedCache[date, DutyTables] = BoundedCache(TABLES_KEPT)

    def _tables_for(self, context: CheckContext) -> DutyTables:
        tables = self._tables.get(context.as_of)
        if tables is None or tables.reference is not context.reference:
            tables = self._tables.put(context.as_of, DutyTables(context.reference, context.as_of))
        return tables

    def run(self, shipment: Shipment, context: CheckContext) -> EngineOutcome:
        if shipment.direction is not Direction.IMPORT:
            return EngineOutcome(note="export shipment: no import duty computed")
        tables = self._tables_for(context)
        result = assess(shipment, context.as_of, context.reference, tables)
        findings = result.all_findings()
        refundable_programmes = refundable()
        ieepa = sum((c.amount for ln in result.duty.lines for c in ln.components
                     if c.programme in refundable_programmes), start=0)
        if ieepa:
            findings.append(R.REFUNDABLE.finding(
                f"IEEPA duties of {ieepa:,.2f} USD on this entry are refundable", evidence={"amount": f"{ieepa:.2f}"}))
        snapshots = tables.snapshot_ids() + sorted({c.rate.snapshot for c in result.conversions
                                                    if c.rate and c.rate.snapshot})
        for finding in findings:
            finding.engine = self.name
            finding.snapshots = finding.snapshots or snapshots
        return EngineOutcome(findings, result=result.summary())

"""The duty engine in the ``check`` pipeline: import shipments only, as of the check date."""

from __future__ import annotations

from clearance.duty import rules as R
from clearance.duty.assess import assess
from clearance.duty.measures import refundable
from clearance.duty.tables import DutyTables
from clearance.engine import CheckContext, EngineOutcome
from clearance.model import Direction, Shipment


class DutyEngine:
    """Duties, Chapter 99 measures, AD/CVD deposits and fees, with the valuation behind them."""

    name = "duty"
    rules = R.RULES

    def run(self, shipment: Shipment, context: CheckContext) -> EngineOutcome:
        if shipment.direction is not Direction.IMPORT:
            return EngineOutcome(note="export shipment: no import duty computed")
        tables = DutyTables(context.reference, context.as_of)
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

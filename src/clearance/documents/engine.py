"""The documents and identifiers engine."""

from __future__ import annotations

from clearance.documents import rules as R
from clearance.documents.consistency import check_consistency
from clearance.documents.identifier_checks import check_codes, check_identifiers
from clearance.documents.required import check_required_elements
from clearance.engine import CheckContext, EngineOutcome
from clearance.model import (
    AirWaybill,
    BillOfLading,
    CommercialInvoice,
    DangerousGoodsDeclaration,
    Direction,
    Finding,
    Shipment,
    TransportMode,
)


class DocumentsEngine:
    """Identifiers, required document elements, and consistency between documents."""

    name = "documents"
    rules = R.RULES

    def run(self, shipment: Shipment, context: CheckContext) -> EngineOutcome:
        not_checked: list[str] = []
        findings: list[Finding] = [
            *_presence(shipment),
            *check_identifiers(shipment),
            *check_codes(shipment, context),
            *check_required_elements(shipment, context, not_checked),
            *check_consistency(shipment, context),
        ]
        for finding in findings:
            finding.engine = self.name
        result = {
            "documents": [d.type for d in shipment.documents],
            "elements_not_checked_mechanically": not_checked,
            "weight_tolerance": {"pct": str(context.settings.weight_tolerance_pct),
                                 "kg": str(context.settings.weight_tolerance_kg)},
        }
        return EngineOutcome(findings=findings, result=result)


def _presence(shipment: Shipment) -> list[Finding]:
    findings: list[Finding] = []
    if shipment.direction is Direction.IMPORT and not shipment.documents_of(CommercialInvoice):
        findings.append(R.INVOICE_MISSING.finding(
            "no commercial invoice is attached to this import", location="documents"))
    transport = {TransportMode.OCEAN: BillOfLading, TransportMode.AIR: AirWaybill,
                 TransportMode.EXPRESS: AirWaybill}.get(shipment.mode)
    if transport is not None and not shipment.documents_of(transport):
        findings.append(R.TRANSPORT_DOC_MISSING.finding(
            f"no {transport.model_fields['type'].default.replace('_', ' ')} for a "
            f"{shipment.mode.value} shipment", location="documents"))
    dg_lines = [ln.number for ln in shipment.lines if ln.dangerous_goods]
    if dg_lines and not shipment.documents_of(DangerousGoodsDeclaration):
        findings.append(R.DG_DECLARATION_MISSING.finding(
            f"line(s) {', '.join(map(str, dg_lines))} carry dangerous goods but no DG declaration "
            "is attached", evidence={"lines": dg_lines}, location="documents"))
    return findings

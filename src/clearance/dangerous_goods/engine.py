"""The dangerous-goods engine in the ``check`` pipeline: shipment lines that carry DG data."""

from __future__ import annotations

from clearance.dangerous_goods import rules as R
from clearance.dangerous_goods.check import check_consignment
from clearance.dangerous_goods.consignment import from_shipment
from clearance.dangerous_goods.hmt import Hmt
from clearance.dangerous_goods.segregation import imdg_table
from clearance.engine import CheckContext, EngineOutcome
from clearance.model import Shipment


class DangerousGoodsEngine:
    """HMT validation, segregation and shipping-paper description of a shipment's DG lines."""

    name = "dangerous_goods"
    rules = R.RULES

    def run(self, shipment: Shipment, context: CheckContext) -> EngineOutcome:
        consignment = from_shipment(shipment)
        if consignment is None:
            return EngineOutcome(note="no dangerous-goods lines")
        hmt = Hmt.from_reference(context.reference)
        if hmt is None:
            finding = R.REFDATA_MISSING.finding("reference dataset 'hmt_us' is not loaded: DG lines not checked",
                                                evidence={"dataset": "hmt_us"}, engine=self.name)
            return EngineOutcome([finding], note="HMT not loaded")
        # Emergency information and the certification on the DG declaration are the documents
        # engine's required elements (DOC.DG.ELEMENT); this engine checks what needs the HMT.
        result = check_consignment(consignment, hmt, imdg_table(context.reference), paper_elements=False)
        return EngineOutcome(result.findings, result=result.summary())

"""Domain types: money, quantities, parties, lines, documents, shipments, findings, reports."""

from clearance.model.document import (
    AirWaybill,
    BillOfLading,
    CertificateOfOrigin,
    CommercialInvoice,
    DangerousGoodsDeclaration,
    Document,
    PackingList,
)
from clearance.model.export import ConsigneeType, ExportFiling, FilingOption, LineExport
from clearance.model.finding import Finding, Rule, Severity
from clearance.model.line import DangerousGoods, DutyClaims, Line
from clearance.model.money import Money, Quantity
from clearance.model.party import Address, Party, PartyRole
from clearance.model.report import Decision, EngineRun, Report, ShipmentSummary
from clearance.model.shipment import (
    Direction,
    EntryFiling,
    Incoterm,
    Shipment,
    TransportMode,
)

__all__ = [
    "Address", "AirWaybill", "BillOfLading", "CertificateOfOrigin", "CommercialInvoice", "ConsigneeType",
    "DangerousGoods", "DangerousGoodsDeclaration", "Decision", "Direction", "Document", "DutyClaims",
    "EngineRun", "EntryFiling", "ExportFiling", "FilingOption", "Finding", "Incoterm", "Line", "LineExport", "Money", "PackingList", "Party", "PartyRole",
    "Quantity", "Report", "Rule", "Severity", "Shipment", "ShipmentSummary", "TransportMode",
]

"""Trade documents as they were issued: each keeps its own figures, so they can be compared.

A document's fields are what the paper says, not what the shipment should be; the
documents engine checks each against the law's required elements and against the others.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from clearance.model.codes import CountryCode, CurrencyCode, HtsNumber, Locode
from clearance.model.money import Money, Quantity


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str | None = None
    date: dt.date | None = None


class DocParty(BaseModel):
    """A party as printed on a document: name and address text."""

    model_config = ConfigDict(extra="forbid")

    name: str
    address: str | None = None


class InvoiceLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_number: int = Field(ge=1)
    description: str | None = None
    quantity: Quantity | None = None
    unit_price: Money | None = None
    amount: Money | None = None
    country_of_origin: CountryCode | None = None
    hts_code: HtsNumber | None = None
    marks: str | None = None


class InvoiceCharges(BaseModel):
    """Charges itemised on the invoice (19 CFR 141.86(a)(8)); None = not stated."""

    model_config = ConfigDict(extra="forbid")

    freight: Money | None = None
    insurance: Money | None = None
    packing: Money | None = None
    commissions: Money | None = None
    other: Money | None = None


class CommercialInvoice(_Doc):
    type: Literal["commercial_invoice"] = "commercial_invoice"
    seller: DocParty | None = None
    buyer: DocParty | None = None
    consignee: DocParty | None = None
    place_of_sale: str | None = None
    port_of_entry: Locode | None = None
    currency: CurrencyCode | None = None
    incoterm: str | None = None
    purchased: bool = Field(default=True, description="False for consignments not sold")
    lines: list[InvoiceLine] = Field(default_factory=list)
    total: Money | None = None
    charges: InvoiceCharges | None = None
    rebates_statement: str | None = Field(default=None, description="rebates/drawbacks/bounties, or 'none'")
    assists_statement: str | None = Field(default=None, description="assists furnished, or 'none'")
    language: str | None = Field(default=None, description="ISO 639-1 code, e.g. en")
    package_marks: str | None = None


class PackingLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_number: int = Field(ge=1)
    quantity: Quantity | None = None
    packages: int | None = Field(default=None, ge=0)
    net_weight: Quantity | None = None
    gross_weight: Quantity | None = None
    container_number: str | None = None


class PackingList(_Doc):
    type: Literal["packing_list"] = "packing_list"
    lines: list[PackingLine] = Field(default_factory=list)
    total_packages: int | None = Field(default=None, ge=0)
    package_kind: str | None = Field(default=None, description="UN/ECE Rec 21 code, e.g. CT")
    total_net_weight: Quantity | None = None
    total_gross_weight: Quantity | None = None
    container_numbers: list[str] = Field(default_factory=list)


class FreightTerms(StrEnum):
    PREPAID = "prepaid"
    COLLECT = "collect"


class ContainerRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str
    seal: str | None = None


class BillOfLading(_Doc):
    type: Literal["bill_of_lading"] = "bill_of_lading"
    carrier_name: str | None = None
    carrier_scac: str | None = None
    signed_by: str | None = Field(default=None, description="carrier or agent signature")
    shipper: DocParty | None = None
    consignee: DocParty | None = None
    notify_party: DocParty | None = None
    vessel: str | None = None
    vessel_imo: str | None = None
    voyage: str | None = None
    port_of_loading: Locode | None = None
    port_of_discharge: Locode | None = None
    place_of_receipt: str | None = None
    place_of_delivery: str | None = None
    marks: str | None = None
    description: str | None = None
    containers: list[ContainerRef] = Field(default_factory=list)
    packages: int | None = Field(default=None, ge=0)
    package_kind: str | None = None
    gross_weight: Quantity | None = None
    measurement: Quantity | None = None
    apparent_condition: str | None = None
    freight_terms: FreightTerms | None = None
    freight_payable_at: str | None = None
    originals_issued: int | None = Field(default=None, ge=0)
    place_of_issue: str | None = None
    shipped_on_board_date: dt.date | None = None


class AirWaybill(_Doc):
    type: Literal["air_waybill"] = "air_waybill"
    airline_iata: str | None = None
    shipper: DocParty | None = None
    consignee: DocParty | None = None
    airport_of_departure: Locode | None = None
    airport_of_destination: Locode | None = None
    flight: str | None = None
    pieces: int | None = Field(default=None, ge=0)
    gross_weight: Quantity | None = None
    chargeable_weight: Quantity | None = None
    description: str | None = None


class OriginLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_number: int = Field(ge=1)
    description: str | None = None
    hts_code: HtsNumber | None = None
    origin_criterion: str | None = None


class CertificateOfOrigin(_Doc):
    type: Literal["certificate_of_origin"] = "certificate_of_origin"
    agreement: str | None = Field(default=None, description="e.g. USMCA")
    certifier_role: str | None = Field(default=None, description="exporter, producer or importer")
    certifier: DocParty | None = None
    exporter: DocParty | None = None
    producer: DocParty | None = None
    importer: DocParty | None = None
    country_of_origin: CountryCode | None = None
    blanket_from: dt.date | None = None
    blanket_to: dt.date | None = None
    lines: list[OriginLine] = Field(default_factory=list)
    signed: bool = False


class DGItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_number: int = Field(ge=1)
    un_number: str
    proper_shipping_name: str
    hazard_class: str
    packing_group: str | None = None
    quantity: Quantity | None = None
    packages: int | None = Field(default=None, ge=0)
    packing_instruction: str | None = None


class DangerousGoodsDeclaration(_Doc):
    type: Literal["dangerous_goods_declaration"] = "dangerous_goods_declaration"
    shipper: DocParty | None = None
    consignee: DocParty | None = None
    aircraft_limitation: Literal["passenger_and_cargo", "cargo_only"] | None = None
    items: list[DGItem] = Field(default_factory=list)
    emergency_phone: str | None = None
    emergency_response_info: str | None = None
    signatory: str | None = None
    certification_signed: bool = False


Document = Annotated[
    CommercialInvoice | PackingList | BillOfLading | AirWaybill | CertificateOfOrigin
    | DangerousGoodsDeclaration,
    Field(discriminator="type"),
]

__all__ = [
    "AirWaybill", "BillOfLading", "CertificateOfOrigin", "ContainerRef", "DGItem",
    "DangerousGoodsDeclaration", "DocParty", "Document", "FreightTerms", "InvoiceCharges",
    "InvoiceLine", "CommercialInvoice", "OriginLine", "PackingLine", "PackingList",
]

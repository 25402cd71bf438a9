"""The shipment: what a user hands Clearance to check."""

from __future__ import annotations

from collections import Counter
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from clearance.model.codes import CountryCode, Locode
from clearance.model.document import Document
from clearance.model.export import ExportFiling
from clearance.model.line import Line
from clearance.model.money import Money
from clearance.model.party import Party, PartyRole


class Direction(StrEnum):
    IMPORT = "import"
    EXPORT = "export"


class TransportMode(StrEnum):
    OCEAN = "ocean"
    AIR = "air"
    TRUCK = "truck"
    RAIL = "rail"
    MAIL = "mail"
    EXPRESS = "express"


class Incoterm(StrEnum):
    """Incoterms 2020 rules (ICC)."""

    EXW = "EXW"
    FCA = "FCA"
    FAS = "FAS"
    FOB = "FOB"
    CFR = "CFR"
    CIF = "CIF"
    CPT = "CPT"
    CIP = "CIP"
    DAP = "DAP"
    DPU = "DPU"
    DDP = "DDP"


class ShipmentDates(BaseModel):
    model_config = ConfigDict(extra="forbid")

    export: date | None = Field(default=None, description="date of exportation (19 CFR 152.1(c))")
    arrival: date | None = None
    entry: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ShipmentDates:
        if self.export and self.arrival and self.arrival < self.export:
            raise ValueError("arrival date is before the export date")
        return self


class Ports(BaseModel):
    """UN/LOCODEs of the places the goods pass."""

    model_config = ConfigDict(extra="forbid")

    loading: Locode | None = None
    discharge: Locode | None = None
    entry: Locode | None = Field(default=None, description="port of entry (import) or export")
    unlading: Locode | None = None


class ValueElements(BaseModel):
    """Amounts that adjust the price to the customs value (19 U.S.C. 1401a(b))."""

    model_config = ConfigDict(extra="forbid")

    freight: Money | None = None
    insurance: Money | None = None
    packing: Money | None = None
    assists: Money | None = None
    royalties: Money | None = None
    selling_commissions: Money | None = None
    buying_commissions: Money | None = None


class EntryFiling(StrEnum):
    """How the entry is filed; the informal-entry MPF depends on it (19 CFR 24.23(b)(2))."""

    ELECTRONIC = "electronic"
    MANUAL = "manual"
    CBP_PREPARED = "cbp_prepared"


class Shipment(BaseModel):
    """One shipment with its parties, lines and documents."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, description="the user's own reference")
    direction: Direction
    mode: TransportMode
    dates: ShipmentDates = Field(default_factory=ShipmentDates)
    ports: Ports = Field(default_factory=Ports)
    export_country: CountryCode | None = None
    destination_country: CountryCode | None = None
    incoterm: Incoterm | None = None
    entry_type: str | None = Field(default=None, pattern=r"^\d{2}$",
                                   description="ACE entry type code, e.g. 01 formal, 11 informal, 03 AD/CVD")
    entry_filing: EntryFiling = EntryFiling.ELECTRONIC
    value_elements: ValueElements = Field(default_factory=ValueElements)
    parties: list[Party] = Field(default_factory=list)
    lines: list[Line] = Field(min_length=1)
    documents: list[Document] = Field(default_factory=list)
    eei: ExportFiling | None = Field(default=None, description="EEI elements the rest of an export shipment does "
                                     "not carry (15 CFR 30.6)")

    @model_validator(mode="after")
    def _unique_line_numbers(self) -> Shipment:
        counts = Counter(line.number for line in self.lines)
        duplicates = sorted(number for number, n in counts.items() if n > 1)
        if duplicates:
            raise ValueError(f"duplicate line numbers: {', '.join(map(str, duplicates))}")
        return self

    def parties_with(self, role: PartyRole) -> list[Party]:
        return [p for p in self.parties if role in p.roles]

    def party(self, role: PartyRole) -> Party | None:
        found = self.parties_with(role)
        return found[0] if found else None

    def documents_of(self, kind: type) -> list:
        return [d for d in self.documents if isinstance(d, kind)]

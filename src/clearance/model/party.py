"""Parties to a shipment and the roles they play."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from clearance.model.codes import CountryCode


class PartyRole(StrEnum):
    IMPORTER_OF_RECORD = "importer_of_record"
    CONSIGNEE = "consignee"
    SELLER = "seller"
    SHIPPER = "shipper"
    BUYER = "buyer"
    MANUFACTURER = "manufacturer"
    END_USER = "end_user"
    CARRIER = "carrier"
    FORWARDER = "forwarder"
    BROKER = "broker"
    NOTIFY_PARTY = "notify_party"
    EXPORTER = "exporter"  # for an export, the U.S. principal party in interest (15 CFR 30.1)
    INTERMEDIATE_CONSIGNEE = "intermediate_consignee"


class Address(BaseModel):
    model_config = ConfigDict(extra="forbid")

    street: list[str] = Field(default_factory=list)
    city: str | None = None
    subdivision: str | None = None
    postal_code: str | None = None
    country: CountryCode

    def one_line(self) -> str:
        parts = [*self.street, self.city, self.subdivision, self.postal_code, self.country]
        return ", ".join(p for p in parts if p)


class Party(BaseModel):
    """A person or organisation, with the identifiers its roles need.

    ``importer_number`` (importer of record): EIN with 2-character suffix or CBP-assigned
    number (19 CFR 24.5). ``mid`` (manufacturer): CBP manufacturer identification code.
    ``scac`` / ``iata_code`` (carrier). ``eori``: EU/UK economic operator id.
    """

    model_config = ConfigDict(extra="forbid")

    roles: list[PartyRole] = Field(min_length=1)
    name: str = Field(min_length=1)
    address: Address | None = None
    importer_number: str | None = None
    mid: str | None = None
    scac: str | None = None
    iata_code: str | None = None
    eori: str | None = None
    tax_id: str | None = None
    contact: str | None = None

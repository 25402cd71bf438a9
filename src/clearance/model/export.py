"""What an exporter declares about licensing and the EEI filing (15 CFR parts 30, 740, 758).

The ECCN and the USML category stay on :class:`~clearance.model.line.Line` itself; these are
the facts a licence determination and an EEI completeness check need beyond them.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from clearance.model.codes import normalise_hts


class LineExport(BaseModel):
    """Export facts of one line: the authorisation claimed, and the context some exceptions need."""

    model_config = ConfigDict(extra="forbid")

    license_exception: str | None = Field(
        default=None, pattern=r"^[A-Z]{3}$", description="license exception symbol claimed, e.g. LVS, GBS, ENC (15 CFR 740)")
    itar_exemption: str | None = Field(default=None, min_length=1,
                                       description="ITAR exemption claimed for a USML line, e.g. 22 CFR 126.4")
    license_number: str | None = Field(default=None, min_length=1,
                                       description="BIS or DDTC licence the export ships under")
    schedule_b: str | None = Field(default=None, description="10-digit Schedule B number (else the HTS number is used)")
    temporary: bool = Field(default=False, description="leaves for a limited time and returns (tools of trade, "
                            "exhibition, repair): the context of License Exception TMP (15 CFR 740.9)")
    replacement: bool = Field(default=False, description="one-for-one replacement parts or servicing of an "
                              "item exported earlier: the context of License Exception RPL (15 CFR 740.10)")
    food_or_medicine: bool = Field(default=False, description="food or medicine designated EAR99, which the "
                                   "North Korea, Syria (before 2025-09-02) and Crimea/DNR/LNR rules except")
    vin: str | None = Field(default=None, description="vehicle identification number of a used self-propelled "
                            "vehicle (15 CFR 30.6(c)(1))")
    domestic_or_foreign: str | None = Field(default=None, pattern=r"^[DFM]$",
                                            description="D domestic, F foreign, M FMS (15 CFR 30.6(a)(11))")

    @field_validator("schedule_b")
    @classmethod
    def _digits(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else normalise_hts(value)


class ConsigneeType(StrEnum):
    """Ultimate consignee type (15 CFR 30.6(a)(28))."""

    DIRECT_CONSUMER = "D"
    GOVERNMENT = "G"
    RESELLER = "R"
    OTHER = "O"


class FilingOption(StrEnum):
    """When the EEI is filed (15 CFR 30.4(a))."""

    PREDEPARTURE = "predeparture"
    POSTDEPARTURE = "postdeparture"


class ExportFiling(BaseModel):
    """The EEI data elements a shipment cannot otherwise tell (15 CFR 30.6).

    USPPI, consignees, carrier, ports, dates, destination and lines come from the shipment's
    parties, ports, dates and lines; only what is left is asked for here.
    """

    model_config = ConfigDict(extra="forbid")

    state_of_origin: str | None = Field(default=None, pattern=r"^[A-Z]{2}$",
                                        description="U.S. state of origin, postal code (30.6(a)(4))")
    related_party: bool | None = Field(default=None, description="USPPI and ultimate consignee related (30.6(a)(10))")
    routed_transaction: bool | None = Field(default=None, description="routed export transaction (30.6(a)(24))")
    filing_option: FilingOption | None = None
    consignee_type: ConsigneeType | None = None
    export_information_code: str | None = Field(default=None, pattern=r"^[A-Z0-9]{2}$",
                                                description="e.g. OS for all other exports (30.6(a)(18))")
    in_bond_code: str | None = Field(default=None, pattern=r"^[0-9]{2}$",
                                     description="70 = not in bond (30.6(a)(22))")
    shipment_reference: str | None = Field(default=None, min_length=1, max_length=17,
                                           description="unique shipment reference number (30.6(a)(19))")
    conveyance: str | None = Field(default=None, min_length=1,
                                   description="conveyance or vessel name / flight (30.6(a)(7))")
    itn: str | None = Field(default=None, pattern=r"^X\d{14}$",
                            description="Internal Transaction Number, once filed")

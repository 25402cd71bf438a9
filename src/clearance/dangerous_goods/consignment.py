"""What a dangerous-goods check reads: a consignment of DG items for one mode of transport.

A :class:`DGConsignment` comes from a file (``clearance dg check``) or from a shipment's lines
and its DG declaration (:func:`from_shipment`). Fields a declaration does not state are ``None``
and the checks that need them do not run (they are listed in the result), so an absent label
list is never read as "no labels".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from clearance.model import DangerousGoodsDeclaration, Shipment, TransportMode
from clearance.model.money import Quantity


class DGMode(StrEnum):
    HIGHWAY = "highway"
    RAIL = "rail"
    VESSEL = "vessel"
    AIR_PASSENGER = "air_passenger"
    AIR_CARGO_ONLY = "air_cargo_only"

    @property
    def by_air(self) -> bool:
        return self in (DGMode.AIR_PASSENGER, DGMode.AIR_CARGO_ONLY)


class DGItem(BaseModel):
    """One DG line: a material in packages of one kind, as declared."""

    model_config = ConfigDict(extra="forbid")

    line: int | None = Field(default=None, description="shipment line number, when the item comes from a shipment")
    id_number: str | None = Field(default=None, description="UN/NA/ID number, e.g. UN1090; none for Forbidden names")
    proper_shipping_name: str = Field(min_length=1)
    technical_name: str | None = Field(default=None, description="technical name for n.o.s./G entries (172.203(k))")
    hazard_class: str | None = None
    subsidiary_hazards: list[str] | None = Field(default=None, description="None = not stated (not checked)")
    packing_group: str | None = None
    labels: list[str] | None = Field(default=None, description="labels on the package; None = not stated")
    marks: list[str] | None = Field(default=None, description="package marks, e.g. RQ, MARINE POLLUTANT; None = not stated")
    quantity_per_package: Quantity | None = Field(default=None, description="net quantity per package, e.g. '5 L'")
    packages: int | None = Field(default=None, ge=1)
    packaging: Literal["single", "combination"] | None = None
    physical_state: Literal["solid", "liquid", "gas"] | None = None
    inhalation_toxicity: bool | None = Field(default=None, description="the packing group is assigned by "
                                             "inhalation toxicity (173.133); decides SP A4/A5")
    container: str | None = Field(default=None, description="the cargo transport unit or vehicle it is loaded in")
    stowage: str | None = Field(default=None, description="'same_closed_container' = in one closed CTU with the "
                                "other items so marked")
    reportable_quantity: bool = Field(default=False, description="holds a hazardous substance at or above its RQ")
    marine_pollutant: bool = False
    hazardous_waste: bool = Field(default=False, description="a hazardous waste (171.8); symbols A/W do not exempt it")
    limited_quantity: bool = False
    approval: str | None = Field(default=None, description="competent-authority approval reference (e.g. for SP A54)")
    description: str | None = Field(default=None, description="the shipping description as written on the paper")

    @model_validator(mode="before")
    @classmethod
    def _quantity_with_unit(cls, data: Any) -> Any:
        # Accept {"quantity_per_package": 5, "unit": "L"} as well as "5 L".
        if isinstance(data, dict) and "unit" in data:
            data = dict(data)
            unit = data.pop("unit")
            if data.get("quantity_per_package") is not None and unit:
                data["quantity_per_package"] = f"{data['quantity_per_package']} {unit}"
        return data

    @field_validator("id_number")
    @classmethod
    def _id(cls, value: str | None) -> str | None:
        return value.strip().upper().replace(" ", "") or None if value else None

    @field_validator("packing_group")
    @classmethod
    def _pg(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        text = value.strip().upper().removeprefix("PG").strip()
        return {"1": "I", "2": "II", "3": "III"}.get(text, text)

    @property
    def in_closed_unit(self) -> str | None:
        """The closed cargo transport unit the item shares with others, if stated."""
        if self.container:
            return self.container
        return "closed CTU" if self.stowage == "same_closed_container" else None


class ShippingPaper(BaseModel):
    """The consignment-level elements of the shipping paper (49 CFR 172.202-172.204, 172.602-172.604)."""

    model_config = ConfigDict(extra="forbid")

    emergency_phone: str | None = None
    emergency_response_info: str | None = None
    certification_signed: bool = False
    signatory: str | None = None


class DGConsignment(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(default="consignment", validation_alias=AliasChoices("id", "case_id"))
    mode: DGMode
    international: bool | None = Field(default=None, description="crosses a border (symbol D names not allowed)")
    items: list[DGItem] = Field(min_length=1)
    shipping_paper: ShippingPaper | None = Field(default=None, description="given = the paper is checked")
    expected_findings: list[str] | None = Field(default=None, description="test cases only: the findings the "
                                                "author expects; 'dg check' reports agreement")
    note: str | None = None
    provenance: Any = Field(default=None, validation_alias=AliasChoices("provenance", "derived_from_hmt_rows"))


_SHIPMENT_MODES = {TransportMode.OCEAN: DGMode.VESSEL, TransportMode.TRUCK: DGMode.HIGHWAY,
                   TransportMode.RAIL: DGMode.RAIL}


def from_shipment(shipment: Shipment) -> DGConsignment | None:
    """The DG items of a shipment (lines with dangerous-goods data), or None when it has none.

    Air, express and mail go by air: cargo aircraft only when the DG declaration says so,
    otherwise the passenger-aircraft limits apply (the stricter reading).
    """
    lines = [line for line in shipment.lines if line.dangerous_goods is not None]
    if not lines:
        return None
    declaration = next((d for d in shipment.documents if isinstance(d, DangerousGoodsDeclaration)), None)
    mode = _SHIPMENT_MODES.get(shipment.mode)
    if mode is None:
        cargo_only = declaration is not None and declaration.aircraft_limitation == "cargo_only"
        mode = DGMode.AIR_CARGO_ONLY if cargo_only else DGMode.AIR_PASSENGER
    international = None
    if shipment.export_country and shipment.destination_country:
        international = shipment.export_country != shipment.destination_country
    items = []
    for line in lines:
        dg = line.dangerous_goods
        assert dg is not None
        items.append(DGItem(
            line=line.number, id_number=dg.un_number, proper_shipping_name=dg.proper_shipping_name,
            technical_name=dg.technical_name, hazard_class=dg.hazard_class,
            subsidiary_hazards=dg.subsidiary_classes or None, packing_group=dg.packing_group, labels=dg.labels,
            marks=dg.marks, quantity_per_package=dg.quantity_per_package, packages=dg.packages or line.packages,
            container=line.container_numbers[0] if len(line.container_numbers) == 1 else None,
            reportable_quantity=dg.reportable_quantity, marine_pollutant=dg.marine_pollutant,
            limited_quantity=dg.limited_quantity))
    paper = None
    if declaration is not None:
        paper = ShippingPaper(emergency_phone=declaration.emergency_phone,
                              emergency_response_info=declaration.emergency_response_info,
                              certification_signed=declaration.certification_signed, signatory=declaration.signatory)
    return DGConsignment(id=shipment.id, mode=mode, international=international, items=items, shipping_paper=paper)

"""A shipment line: one kind of goods, as declared."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from clearance.model.codes import CountryCode, normalise_hts
from clearance.model.money import Money, Quantity


class DangerousGoods(BaseModel):
    """Dangerous-goods data of a line (49 CFR 172.202 basic description elements)."""

    model_config = ConfigDict(extra="forbid")

    un_number: str = Field(pattern=r"^(UN|NA|ID)\d{4}$", description="e.g. UN3480")
    proper_shipping_name: str
    hazard_class: str = Field(description="class or division, e.g. 9 or 2.1")
    subsidiary_classes: list[str] = Field(default_factory=list)
    packing_group: str | None = Field(default=None, pattern=r"^(I|II|III)$")
    technical_name: str | None = None
    quantity_per_package: Quantity | None = None
    packages: int | None = Field(default=None, ge=1)


class Line(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1)
    description: str = Field(min_length=1)
    part_number: str | None = None
    hts_code: str | None = Field(default=None, description="declared HTS number, text")
    eccn: str | None = None
    usml_category: str | None = None
    quantity: Quantity
    net_weight: Quantity | None = None
    gross_weight: Quantity | None = None
    value: Money
    country_of_origin: CountryCode
    spi: str | None = Field(default=None, description="claimed special programme indicator")
    adcvd_case: str | None = Field(default=None, pattern=r"^[AC]-\d{3}-\d{3}(-\d{3})?$")
    dangerous_goods: DangerousGoods | None = None
    container_numbers: list[str] = Field(default_factory=list)
    packages: int | None = Field(default=None, ge=0)

    @field_validator("hts_code")
    @classmethod
    def _hts(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else normalise_hts(value)

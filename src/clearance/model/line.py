"""A shipment line: one kind of goods, as declared."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from clearance.model.codes import CountryCode, normalise_hts
from clearance.model.export import LineExport
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
    labels: list[str] | None = Field(default=None, description="hazard labels on the packages (None = not stated)")
    marks: list[str] | None = Field(default=None, description="package marks such as RQ or MARINE POLLUTANT")
    reportable_quantity: bool = Field(default=False, description="a hazardous substance at or above its RQ")
    marine_pollutant: bool = False
    limited_quantity: bool = False


class DutyClaims(BaseModel):
    """What the filer declares about a line's duty beyond the HTS number (CBP Form 7501 cols 27-33)."""

    model_config = ConfigDict(extra="forbid")

    chapter99: list[str] = Field(default_factory=list,
                                 description="Chapter 99 numbers the filer reports on the line, e.g. 9903.88.03")
    metal_content: Money | None = Field(
        default=None, description="value of the steel, aluminum or copper content (Section 232 derivatives "
        "charged on content)")
    section232_tier: Decimal | None = Field(
        default=None, ge=0, le=100, description="Section 232 metals tier in percent under the 2026 full-value "
        "regime (50, 25, 15 or 10), as determined by the filer")
    adcvd_rate: Decimal | None = Field(default=None, ge=0,
                                       description="AD/CVD cash deposit rate in percent for the line's case")

    @field_validator("chapter99")
    @classmethod
    def _headings(cls, value: list[str]) -> list[str]:
        cleaned = [normalise_hts(v) for v in value]
        wrong = [v for v in cleaned if not v.startswith("99")]
        if wrong:
            raise ValueError(f"not Chapter 99 numbers: {', '.join(wrong)}")
        return cleaned


class Line(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1)
    description: str = Field(min_length=1)
    part_number: str | None = None
    hts_code: str | None = Field(default=None, description="declared HTS number, text")
    eccn: str | None = Field(default=None, description="Export Control Classification Number, optionally with its "
                             "paragraph (3A001.b.2), or EAR99 (15 CFR 738.2, 734.3(c))")
    usml_category: str | None = Field(default=None, description="USML category (22 CFR 121.1), e.g. XI or XI(a)")
    export: LineExport | None = Field(default=None, description="licence claimed and export context")
    quantity: Quantity
    net_weight: Quantity | None = None
    gross_weight: Quantity | None = None
    value: Money
    country_of_origin: CountryCode
    spi: str | None = Field(default=None, description="claimed special programme indicator")
    adcvd_case: str | None = Field(default=None, pattern=r"^[AC]-\d{3}-\d{3}(-\d{3})?$")
    duty: DutyClaims = Field(default_factory=DutyClaims)
    dangerous_goods: DangerousGoods | None = None
    container_numbers: list[str] = Field(default_factory=list)
    packages: int | None = Field(default=None, ge=0)

    @field_validator("hts_code")
    @classmethod
    def _hts(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else normalise_hts(value)

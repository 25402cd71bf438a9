"""A UK or XI commodity's import measures, as stored by the ``uk_commodities`` loader.

A measure applies to an import when its geographical area covers the country of origin (the area
itself, or one of the members of a group such as ``1011`` ERGA OMNES) and the origin is not among its
excluded countries, when the import date lies in its validity (both ends inclusive), and, for a
measure limited to an additional code (an anti-dumping duty on one exporter's goods), when the
declarant gave that code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

# Measure types of the options a declarant chooses between (UK Trade Tariff duty calculator), all
# of series C ("applicable duty"); the type ids alone are not unique across series in the source.
DUTY_SERIES = "C"
THIRD_COUNTRY = frozenset({"103", "105"})
PREFERENCE = frozenset({"106", "141", "142", "145"})
SUSPENSION = frozenset({"112", "115", "117", "119"})
QUOTA = frozenset({"122", "123", "143", "146"})
OPTION_TYPES = THIRD_COUNTRY | PREFERENCE | SUSPENSION | QUOTA
# Series of duties added on top of every option: anti-dumping / countervailing (D), additional duties (J).
ADDITIONAL_SERIES = frozenset({"D", "J"})
ERGA_OMNES = "1011"


@dataclass(frozen=True)
class Component:
    expression: str           # TARIC duty expression id: 01 first, 04 plus, 02 minus, 15 MIN, 17 MAX, ...
    amount: Decimal | None
    monetary_unit: str | None  # None: a percentage
    unit: str | None           # measurement unit (DTN, TNE, ...), None: of the customs value
    qualifier: str | None

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Component:
        amount = raw.get("amount")
        return cls(raw["expression"], None if amount is None else Decimal(amount), raw.get("monetary_unit"),
                   raw.get("unit"), raw.get("qualifier") or None)

    @property
    def unit_key(self) -> str | None:
        return None if self.unit is None else self.unit + (self.qualifier or "")


@dataclass(frozen=True)
class Condition:
    code: str                 # A, B, Q, V, ...: the kind of condition
    condition: str
    document: str | None      # certificate / document code the condition asks for, if any
    requirement: str | None
    action: str
    threshold: Decimal | None  # a price or quantity the goods are compared with (entry price, ...)
    components: tuple[Component, ...]

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Condition:
        threshold = raw.get("threshold")
        return cls(raw["code"], raw["condition"], raw.get("document"), raw.get("requirement"), raw["action"],
                   None if threshold is None else Decimal(threshold),
                   tuple(Component.from_record(c) for c in raw.get("components") or []))


@dataclass(frozen=True)
class Measure:
    sid: int
    type: str
    type_description: str
    series: str
    vat: bool
    excise: bool
    start: date | None
    end: date | None
    area: str
    area_description: str
    members: frozenset[str]
    excluded: frozenset[str]
    expression: str           # the duty expression as the tariff displays it
    components: tuple[Component, ...]
    conditions: tuple[Condition, ...]
    additional_code: str | None
    order_number: str | None
    legal_acts: tuple[str, ...]

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Measure:
        area = raw["area"]
        return cls(int(raw["sid"]), raw["type"], raw["type_description"], raw["series"], raw["vat"], raw["excise"],
                   _day(raw.get("start")), _day(raw.get("end")), area["id"], area["description"],
                   frozenset(area["members"]), frozenset(raw.get("excluded") or ()), raw.get("expression") or "",
                   tuple(Component.from_record(c) for c in raw["components"]),
                   tuple(Condition.from_record(c) for c in raw["conditions"]), raw.get("additional_code"),
                   raw.get("order_number"), tuple(raw.get("legal_acts") or ()))

    def in_force(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def covers(self, origin: str) -> bool:
        everyone = self.area == ERGA_OMNES  # every country by definition, listed members or not
        return (everyone or self.area == origin or origin in self.members) and origin not in self.excluded

    def applies(self, origin: str, day: date) -> bool:
        return self.in_force(day) and self.covers(origin)

    @property
    def label(self) -> str:
        return f"{self.type} {self.type_description} ({self.area_description or self.area})"

    @property
    def citation(self) -> str:
        acts = ", ".join(self.legal_acts) or "no legal act in the source"
        return f"measure {self.sid}; {acts}"


@dataclass(frozen=True)
class Commodity:
    tariff: str               # uk or xi
    code: str
    description: str
    vat_options: dict[str, str]
    additional_codes: tuple[str, ...]
    measures: tuple[Measure, ...]

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Commodity:
        return cls(raw["tariff"], raw["code"], raw["description"], dict(raw.get("vat_options") or {}),
                   tuple(raw.get("additional_codes") or ()), tuple(Measure.from_record(m) for m in raw["measures"]))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None

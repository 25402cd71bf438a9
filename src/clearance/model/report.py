"""The report: findings, decision, per-engine results, snapshots used, timings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from clearance.model.finding import Finding, Severity


class Decision(StrEnum):
    CLEAR = "clear"
    REVIEW = "review"
    HOLD = "hold"


class ShipmentSummary(BaseModel):
    id: str
    direction: str
    mode: str
    export_country: str | None
    destination_country: str | None
    lines: int
    parties: int
    documents: list[str]
    total_value: dict[str, Decimal] = Field(description="declared line value per currency")


class EngineRun(BaseModel):
    """What one engine did: its typed result, how long it took, which data it used."""

    model_config = ConfigDict(extra="forbid")

    engine: str
    status: str = Field(description="ok, failed or skipped")
    seconds: float
    findings: int
    snapshots: list[str] = Field(default_factory=list)
    result: dict[str, Any] | None = None
    note: str | None = None


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid")

    clearance_version: str
    generated_at: datetime
    as_of: date
    shipment: ShipmentSummary
    decision: Decision
    decision_reasons: list[str]
    findings: list[Finding]
    engines: list[EngineRun]
    snapshots: list[str]
    seconds: float

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def at_or_above(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= severity.rank]

"""Findings: what an engine concluded, why, and on which law and data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2, Severity.BLOCK: 3}


@dataclass(frozen=True)
class Rule:
    """A rule's declaration: its stable id, default severity, citation and meaning.

    The ``summary`` is the rule's documentation; ``docs/rules.md`` is generated from it.
    """

    id: str
    severity: Severity
    citation: str
    summary: str

    def finding(
        self,
        message: str,
        *,
        evidence: dict[str, Any] | None = None,
        location: str | None = None,
        severity: Severity | None = None,
        snapshots: list[str] | None = None,
        engine: str = "",
    ) -> Finding:
        return Finding(
            rule_id=self.id,
            severity=severity or self.severity,
            message=message,
            citation=self.citation,
            evidence=evidence or {},
            location=location,
            snapshots=snapshots or [],
            engine=engine,
        )


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str
    severity: Severity
    message: str
    citation: str
    evidence: dict[str, Any] = Field(default_factory=dict)
    location: str | None = Field(default=None, description="e.g. 'line 3' or 'bill_of_lading'")
    engine: str = ""
    snapshots: list[str] = Field(default_factory=list, description="reference-data snapshot ids used")

"""The engine interface every capability plugs into.

An engine is an object with a ``name``, a ``rules`` table (its :class:`Rule` declarations)
and ``run(shipment, context) -> EngineOutcome``. It is pure over the shipment and reference
data: no I/O beyond ``context.reference`` lookups, and ``context.as_of`` instead of "today".

An engine may also have ``warm(reference)``: build now what its first ``run`` would otherwise
build (an index over the loaded lists, say), so that a long-running service pays it at start-up
and not inside somebody's request. It is optional: :func:`warm_engines` skips engines without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from clearance.model import Finding, Rule, Shipment
from clearance.refdata import ReferenceData
from clearance.settings import Settings


@dataclass
class CheckContext:
    as_of: date
    reference: ReferenceData
    settings: Settings
    #: Findings of the engines that ran before this one (the risk engine reads them).
    earlier_findings: list[Finding] = field(default_factory=list)


@dataclass
class EngineOutcome:
    findings: list[Finding] = field(default_factory=list)
    result: dict[str, Any] | None = None  # the engine's typed result, dumped to JSON types
    note: str | None = None


class Engine(Protocol):
    name: str
    rules: tuple[Rule, ...]

    def run(self, shipment: Shipment, context: CheckContext) -> EngineOutcome: ...


def warm_engines(engines: list[Any], reference: ReferenceData) -> list[str]:
    """Call ``warm(reference)`` on every engine that has it; the names of those warmed."""
    warmed = []
    for engine in engines:
        warm = getattr(engine, "warm", None)
        if callable(warm):
            warm(reference)
            warmed.append(engine.name)
    return warmed

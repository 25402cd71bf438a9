"""``check(shipment, as_of)``: run every registered engine and assemble the report.

An engine that raises does not take the report down: its failure becomes an
``ENGINE.FAILED`` finding (severity error, so the shipment goes to review) and the other
engines still run. The decision is derived from the findings:

* any ``block`` finding -> **hold** (the shipment must not proceed);
* any ``error`` or ``warning`` -> **review** (a person must look before filing);
* otherwise -> **clear**.
"""

from __future__ import annotations

import time
import traceback
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from clearance import __version__
from clearance.engine import CheckContext, Engine
from clearance.model import (
    Decision,
    EngineRun,
    Finding,
    Report,
    Rule,
    Severity,
    Shipment,
)
from clearance.model.report import ShipmentSummary
from clearance.refdata import ReferenceData
from clearance.settings import Settings

ENGINE_FAILED = Rule(
    id="ENGINE.FAILED",
    severity=Severity.ERROR,
    citation="Clearance pipeline (no legal rule): an engine could not complete its checks",
    summary="An engine raised an error; its checks did not run, so the shipment needs review.",
)

PIPELINE_RULES = (ENGINE_FAILED,)


def default_engines() -> list[Engine]:
    """The engines a plain ``check`` runs, in order."""
    from clearance.dangerous_goods import DangerousGoodsEngine
    from clearance.documents import DocumentsEngine
    from clearance.duty import DutyEngine
    from clearance.export_control.engine import ExportControlEngine
    from clearance.risk.engine import RiskEngine
    from clearance.screening.engine import ScreeningEngine
    from clearance.tariff import TariffEngine

    return [DocumentsEngine(), TariffEngine(), DutyEngine(), ScreeningEngine(), ExportControlEngine(),
            DangerousGoodsEngine(), RiskEngine()]  # risk last: its profiles read the other engines' findings


def default_as_of(shipment: Shipment, today: date) -> tuple[date, str]:
    """The date a shipment's rules apply on when none is given, and where it came from: the entry date
    (imports) or export date (exports), else any date of the shipment, else ``today``."""
    from clearance.model.shipment import Direction

    imports = shipment.direction is Direction.IMPORT
    key = shipment.dates.entry if imports else shipment.dates.export
    if key:
        return key, "entry date" if imports else "export date"
    fallback = shipment.dates.arrival or shipment.dates.export or shipment.dates.entry
    if fallback:
        return fallback, "shipment date"
    return today, "today (the shipment has no dates)"


def check(
    shipment: Shipment,
    as_of: date,
    *,
    reference: ReferenceData | None = None,
    settings: Settings | None = None,
    engines: Sequence[Engine] | None = None,
) -> Report:
    started = time.perf_counter()
    context = CheckContext(
        as_of=as_of,
        reference=reference if reference is not None else ReferenceData.empty(),
        settings=settings or Settings(),
    )
    findings: list[Finding] = []
    runs: list[EngineRun] = []
    for engine in engines if engines is not None else default_engines():
        findings_here, run = _run_engine(engine, shipment, context)
        findings.extend(findings_here)
        context.earlier_findings = list(findings)
        runs.append(run)
    findings.sort(key=lambda f: (-f.severity.rank, f.engine, f.rule_id, f.location or ""))
    decision, reasons = decide(findings)
    return Report(
        clearance_version=__version__,
        generated_at=datetime.now(UTC),
        as_of=as_of,
        shipment=summarise(shipment),
        decision=decision,
        decision_reasons=reasons,
        findings=findings,
        engines=runs,
        snapshots=sorted(context.reference.used),
        seconds=round(time.perf_counter() - started, 4),
    )


def _run_engine(
    engine: Engine, shipment: Shipment, context: CheckContext
) -> tuple[list[Finding], EngineRun]:
    before = set(context.reference.used)
    started = time.perf_counter()
    try:
        outcome = engine.run(shipment, context)
    except Exception as exc:  # noqa: BLE001 - an engine failure must become a finding
        finding = ENGINE_FAILED.finding(
            f"engine '{engine.name}' failed: {type(exc).__name__}: {exc}",
            evidence={"exception": type(exc).__name__, "detail": str(exc),
                      "traceback": traceback.format_exc(limit=3)},
            engine=engine.name,
        )
        run = EngineRun(engine=engine.name, status="failed",
                        seconds=round(time.perf_counter() - started, 4), findings=1)
        return [finding], run
    used = sorted(context.reference.used - before) or sorted(context.reference.used)
    for finding in outcome.findings:
        finding.engine = finding.engine or engine.name
    run = EngineRun(
        engine=engine.name, status="ok", seconds=round(time.perf_counter() - started, 4),
        findings=len(outcome.findings), snapshots=used, result=outcome.result, note=outcome.note,
    )
    return outcome.findings, run


def decide(findings: Sequence[Finding]) -> tuple[Decision, list[str]]:
    """HOLD on any block; REVIEW on any error or warning; CLEAR otherwise. Reasons name the rules."""
    worst = max((f.severity.rank for f in findings), default=Severity.INFO.rank)
    if worst >= Severity.BLOCK.rank:
        decision, floor = Decision.HOLD, Severity.BLOCK
    elif worst >= Severity.WARNING.rank:
        decision, floor = Decision.REVIEW, Severity.WARNING
    else:
        return Decision.CLEAR, ["no finding at warning severity or above"]
    counts: dict[tuple[str, Severity], int] = defaultdict(int)
    for finding in findings:
        if finding.severity.rank >= floor.rank:
            counts[(finding.rule_id, finding.severity)] += 1
    ordered = sorted(counts.items(), key=lambda item: (-item[0][1].rank, item[0][0]))
    return decision, [f"{rule}: {n} {severity.value}" for (rule, severity), n in ordered]


def summarise(shipment: Shipment) -> ShipmentSummary:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in shipment.lines:
        totals[line.value.currency] += line.value.amount
    return ShipmentSummary(
        id=shipment.id, direction=shipment.direction.value, mode=shipment.mode.value,
        export_country=shipment.export_country, destination_country=shipment.destination_country,
        lines=len(shipment.lines), parties=len(shipment.parties),
        documents=[d.type for d in shipment.documents], total_value=dict(totals),
    )

"""The tariff engine: declared HTS numbers against the revision in force on the check date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from clearance.engine import CheckContext, EngineOutcome
from clearance.model import Direction, Finding, Line, Shipment
from clearance.model.codes import format_hts
from clearance.tariff import rules as R
from clearance.tariff.diff import successors
from clearance.tariff.schedule import Schedule, applied_rates, revision_in_force, revisions
from clearance.tariff.units import hts_unit


class TariffEngine:
    """Declared-code validation: existence, level, retirement, unit of quantity."""

    name = "tariff"
    rules = R.RULES

    def run(self, shipment: Shipment, context: CheckContext) -> EngineOutcome:
        revision, how = revision_in_force(context.reference, context.as_of)
        if revision is None:
            return EngineOutcome([R.REFDATA_MISSING.finding(how, location="hts_us")])
        schedule = Schedule(context.reference, revision)
        findings: list[Finding] = []
        if revision.effective is None:
            findings.append(R.REVISION_UNDATED.finding(
                f"HTS {revision.label} used for {context.as_of.isoformat()}: {how}",
                evidence={"revision": revision.snapshot_id, "edition": revision.edition},
                snapshots=[revision.snapshot_id]))
        lines: list[dict[str, Any]] = []
        for line in shipment.lines:
            found, summary = self._check_line(line, shipment, schedule, context)
            findings.extend(found)
            lines.append(summary)
        if context.settings.classify_in_check:
            findings.extend(self._cross_check(shipment, schedule, context, lines))
        for finding in findings:
            finding.engine = self.name
            finding.snapshots = finding.snapshots or [revision.snapshot_id]
        result = {"revision": revision.label, "revision_chosen_by": how, "lines": lines}
        return EngineOutcome(findings, result=result)

    def _check_line(self, line: Line, shipment: Shipment, schedule: Schedule,
                    context: CheckContext) -> tuple[list[Finding], dict[str, Any]]:
        where = f"line {line.number}"
        summary: dict[str, Any] = {"line": line.number, "hts": line.hts_code}
        importing = shipment.direction is Direction.IMPORT
        if not line.hts_code:
            severity = None if importing else R.W
            return [R.CODE_MISSING.finding(f"{where} declares no HTS number", location=where,
                                           severity=severity)], summary
        code = line.hts_code
        entry = schedule.line(code)
        if entry is None:
            return list(self._unknown(code, where, schedule, context)), summary
        summary.update(path=entry["path"], units=entry["units"], rates=applied_rates(entry),
                       rates_from=entry.get("rates_from"))
        findings: list[Finding] = []
        if code.startswith("99"):
            findings.append(R.CODE_CHAPTER99.finding(
                f"{where} declares Chapter 99 number {format_hts(code)} as its classification",
                evidence={"hts": code, "path": entry["path"]}, location=where))
        if len(code) != 10:
            candidates = [c["code"] for c in schedule.statistical_under(code)]
            findings.append(R.CODE_LEVEL.finding(
                f"{where}: {format_hts(code)} is a {len(code)}-digit "
                f"{'heading' if len(code) == 4 else 'subheading' if len(code) == 6 else 'tariff line'};"
                f" declare one of its {len(candidates)} statistical reporting numbers",
                evidence={"hts": code, "path": entry["path"],
                          "statistical_numbers": [format_hts(c) for c in candidates[:20]]},
                location=where, severity=None if importing else R.W))
            return findings, summary
        findings.extend(self._units(line, entry, where))
        return findings, summary

    def _cross_check(self, shipment: Shipment, schedule: Schedule, context: CheckContext,
                     summaries: list[dict[str, Any]]) -> list[Finding]:
        """Declared codes against the classifier's confident opinion of the description."""
        from clearance.tariff.classifier import build_classifier

        classifier = build_classifier(context.reference, context.settings.classifier_cache(),
                                      revision=schedule.revision.snapshot_id, cached_only=True)
        if classifier is None:
            return [R.CLASSIFY_UNAVAILABLE.finding(
                "classifier index not built for this data; run 'clearance data import' or 'clearance classify' once",
                location="classifier")]
        lines = [ln for ln, s in zip(shipment.lines, summaries, strict=True) if s.get("path")]
        distinct = list(dict.fromkeys(ln.description for ln in lines))
        opinions = dict(zip(distinct, classifier.classify_many(distinct, top=3), strict=True))
        findings = []
        for line in lines:
            opinion = opinions[line.description]
            best = opinion.candidates[0] if opinion.candidates else None
            if (best is None or opinion.abstained or best.confidence < context.settings.classify_confident
                    or best.hs6 == (line.hts_code or "")[:6]):
                continue
            findings.append(R.CLASSIFY_DISAGREES.finding(
                f"line {line.number}: declared {format_hts(line.hts_code or '')}; the classifier proposes "
                f"{best.hts} ({best.confidence:.0%}) for '{line.description[:80]}'",
                evidence={"declared": line.hts_code, "scoring": opinion.scoring, "alternatives": [
                    {"hts": c.hts, "confidence": c.confidence, "path": c.path, "gri": c.gri}
                    for c in opinion.candidates]},
                location=f"line {line.number}"))
        return findings

    def _unknown(self, code: str, where: str, schedule: Schedule, context: CheckContext) -> Iterator[Finding]:
        in_force = schedule.by_code()
        for revision in reversed(revisions(context.reference)):
            if revision.snapshot_id == schedule.revision.snapshot_id:
                continue
            old = Schedule(context.reference, revision).line(code)
            if old is not None:
                following = successors(code, in_force)
                yield R.CODE_RETIRED.finding(
                    f"{where}: {format_hts(code)} ('{old['description']}') is in {revision.label} but not in "
                    f"{schedule.revision.label}; candidates: {', '.join(map(format_hts, following)) or 'none found'}",
                    evidence={"hts": code, "old_path": old["path"], "found_in": revision.snapshot_id,
                              "successors": [{"hts": format_hts(c), "path": in_force[c]["path"]} for c in following]},
                    location=where, snapshots=[schedule.revision.snapshot_id, revision.snapshot_id])
                return
        near = successors(code, in_force)
        yield R.CODE_UNKNOWN.finding(
            f"{where}: {format_hts(code)} is not in HTS {schedule.revision.label}"
            + (f"; nearby numbers: {', '.join(map(format_hts, near[:5]))}" if near else ""),
            evidence={"hts": code, "nearby": [format_hts(c) for c in near]}, location=where)

    def _units(self, line: Line, entry: dict[str, Any], where: str) -> Iterator[Finding]:
        units = [u.strip() for u in entry.get("units", []) if u.strip()]
        if not units:
            return
        first = hts_unit(units[0])
        if first is None:
            yield R.UNIT_UNMAPPED.finding(
                f"{where}: HTS unit '{units[0]}' has no Rec 20 mapping here; quantity unit not checked",
                evidence={"hts_units": units}, location=where)
        elif line.quantity.unit != first.rec20:
            yield R.UNIT_MISMATCH.finding(
                f"{where}: quantity is in {line.quantity.unit}; {format_hts(entry['code'])} is reported in "
                f"'{units[0]}' ({first.rec20})" + (f", {first.basis}" if first.basis else ""),
                evidence={"declared_unit": line.quantity.unit, "hts_units": units, "expected": first.rec20},
                location=where)
        if len(units) > 1:
            second = hts_unit(units[1])
            if second is not None and second.rec20 == "KGM" and line.net_weight is None:
                yield R.UNIT_SECOND.finding(
                    f"{where}: {format_hts(entry['code'])} also asks for '{units[1]}'; the line has no net weight",
                    evidence={"hts_units": units}, location=where)

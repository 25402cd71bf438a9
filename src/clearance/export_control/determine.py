"""The licence determination for one export line, as of a date, with every step cited.

Order of analysis (15 CFR 732, "Steps for using the EAR"):

1. **ITAR first**: a USML category, or a CCL entry that only points to the ITAR, means a
   State Department (DDTC) licence unless an ITAR exemption applies; no EAR analysis.
2. **CCL and Country Chart** (15 CFR 738.4): for each control row of the ECCN that reaches
   the item, the chart cell of each column it names; rows written outside the chart
   (worldwide, Country Group or named-country rules, UN arms embargoes, EI) are read too.
   EAR99 items have no chart reasons.
3. **Part 746**: embargoes and destination-wide sanctions in force on the date.
4. **End users** (part 744, 764, OFAC): what the parties' list hits require or forbid.
5. **Licence exceptions** (part 740) the line may use, as candidates with conditions.

The outcome is ``NLR``, ``licence required``, ``exception candidate``, ``prohibited`` or
``review`` (the data cannot decide: a paragraph, a condition or a list the exporter must
resolve). Nothing unknown ever turns into "no licence required".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from clearance.errors import ClearanceError
from clearance.export_control import embargo
from clearance.export_control.ccl import CclEntry, Reach, applicability
from clearance.export_control.destination import (
    CHART,
    CHART_BIS,
    GROUPS,
    Destination,
    destination,
    outside_chart,
)
from clearance.export_control.eccn import Eccn, parse_eccn
from clearance.export_control.end_users import Effect, PartyHit
from clearance.export_control.exceptions import ExceptionCandidate, candidates
from clearance.export_control.itar import itar_steps
from clearance.model.export import LineExport
from clearance.refdata import ReferenceData

CCL = "ear_ccl"
CURRENT_SOURCE_YEAR = "2025"  # licence fields older than this eCFR year are flagged "verify"


class Outcome(StrEnum):
    NLR = "NLR"
    LICENCE_REQUIRED = "licence required"
    EXCEPTION_CANDIDATE = "exception candidate"
    PROHIBITED = "prohibited"
    REVIEW = "review"


class DeterminationError(ClearanceError, ValueError):
    """Input the determination cannot start from (malformed ECCN, unknown ECCN or country)."""


@dataclass(frozen=True)
class Step:
    kind: str  # itar, ccl, chart, outside_chart, part746, end_user, exception, note, verify
    text: str
    citation: str
    effect: str = "none"  # licence, maybe, prohibited, none, review, verify
    reason: str = ""  # the reason for control (NS, EI ...) of a chart or outside-chart step


@dataclass(frozen=True)
class Request:
    destination: str
    as_of: date
    eccn: str | None = None
    usml: str | None = None
    value: Decimal | None = None  # USD, net value of the shipment of this ECCN (for LVS)
    export: LineExport | None = None
    hits: tuple[PartyHit, ...] = ()
    line: int | None = None


@dataclass
class Determination:
    request: Request
    destination: Destination
    eccn: Eccn | None
    outcome: Outcome = Outcome.NLR
    authority: str = "BIS (EAR)"
    steps: list[Step] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # chart columns consulted
    exceptions: list[ExceptionCandidate] = field(default_factory=list)
    other_exceptions: list[str] = field(default_factory=list)
    snapshots: dict[str, str] = field(default_factory=dict)
    entry: CclEntry | None = None  # the CCL entry the analysis read (None for EAR99 and USML items)
    part746: list[embargo.DestinationRule] = field(default_factory=list)  # the part 746 rules that reached the item

    def add(self, kind: str, text: str, citation: str, effect: str = "none", reason: str = "") -> None:
        self.steps.append(Step(kind, text, citation, effect, reason))

    def has(self, effect: str) -> bool:
        return any(s.effect == effect for s in self.steps)

    @property
    def citations(self) -> list[str]:
        return list(dict.fromkeys(s.citation for s in self.steps if s.citation))

    @property
    def licence_reasons(self) -> list[str]:
        return [s.text for s in self.steps if s.effect == "licence"]

    @property
    def verify(self) -> list[str]:
        return [s.text for s in self.steps if s.effect == "verify"]

    def summary(self) -> str:
        item = self.request.usml and f"USML Category {self.request.usml}" or str(self.eccn or "")
        head = f"{item} to {self.destination.name} ({self.destination.code}) as of {self.request.as_of}: "
        if self.outcome is Outcome.EXCEPTION_CANDIDATE:
            symbols = ", ".join(c.symbol for c in self.exceptions if c.eligible)
            return head + f"licence required unless {symbols} applies (conditions to confirm)"
        if self.outcome is Outcome.REVIEW:
            open_points = [s.text for s in self.steps if s.effect in ("maybe", "review")]
            return head + "cannot be decided from the data: " + "; ".join(open_points[:2])
        reasons = self.licence_reasons or [s.text for s in self.steps if s.effect == "prohibited"]
        return head + self.outcome.value + (f" ({'; '.join(reasons[:2])})" if reasons else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.request.line, "eccn": str(self.eccn) if self.eccn else None, "usml": self.request.usml,
            "destination": self.destination.code, "destination_name": self.destination.name,
            "as_of": self.request.as_of.isoformat(), "outcome": self.outcome.value, "authority": self.authority,
            "summary": self.summary(), "chart_columns": self.columns,
            "steps": [{"kind": s.kind, "text": s.text, "citation": s.citation, "effect": s.effect}
                      for s in self.steps],
            "exceptions": [{"symbol": c.symbol, "section": c.section, "may_be_eligible": c.eligible,
                            "conditions": c.conditions} for c in self.exceptions],
            "other_exceptions_in_entry": self.other_exceptions, "citations": self.citations,
            "verify": self.verify, "snapshots": self.snapshots,
        }


def determine(reference: ReferenceData, request: Request) -> Determination:
    """Determine the licence requirement of one line; :class:`DeterminationError` on bad input."""
    try:
        dest = destination(reference, request.destination)
        eccn = parse_eccn(request.eccn) if request.eccn else None
    except ValueError as exc:
        raise DeterminationError(str(exc)) from None
    if eccn is None and not request.usml:
        raise DeterminationError("no ECCN, EAR99 or USML category given: a licence determination needs one")
    result = Determination(request=request, destination=dest, eccn=eccn)
    result.snapshots = _snapshots(reference, (CHART, GROUPS, CHART_BIS, CCL))
    if dest.referred:
        result.add("note", dest.referred, "Supp. No. 1 to part 738")
    if request.usml:
        itar_steps(reference, result, request.usml, dest)
    else:
        assert eccn is not None
        entry = result.entry = None if eccn.is_ear99 else _entry(reference, eccn)
        if entry is not None and entry.itar_pointer:
            result.add("itar", f"{eccn.code} points to the ITAR: '{entry.heading[:160]}'", "15 CFR 734.3(b)(1)(i)",
                       "licence")
            result.authority = "DDTC (ITAR)"
        elif entry is not None:
            _ccl_steps(result, entry, eccn, dest)
        else:
            result.add("ccl", "EAR99: subject to the EAR, on no ECCN; no Country Chart reasons apply",
                       "15 CFR 734.3(c); 15 CFR 738.4")
        if result.authority.startswith("BIS"):
            _destination_notes(result, dest)
            _part746_steps(result, dest, eccn, request)
    _end_user_steps(result, request)
    _exception_steps(result, request)
    result.outcome = _outcome(result)
    return result


def _snapshots(reference: ReferenceData, datasets: tuple[str, ...]) -> dict[str, str]:
    found = {name: snap.id for name in datasets if (snap := reference.snapshot(name)) is not None}
    found["destination_rules"] = f"clearance export_control/data/{embargo.RULES_FILE}"
    return found


def _entry(reference: ReferenceData, eccn: Eccn) -> CclEntry:
    record = reference.get(CCL, eccn.code)
    if record is None:
        if not reference.has(CCL):
            raise DeterminationError("the Commerce Control List (dataset ear_ccl) is not loaded: run "
                                     "`clearance data import`")
        raise DeterminationError(f"ECCN {eccn.code} is not on the Commerce Control List (Supp. No. 1 to part 774, "
                                 "as loaded): check the classification; EAR99 applies only to items on no ECCN")
    entry = CclEntry.from_record(record)
    first = eccn.paragraph.split(".")[0] if eccn.paragraph else ""
    if first and entry.paragraphs is not None and first not in entry.paragraphs:
        raise DeterminationError(f"{eccn.full}: ECCN {eccn.code} has no paragraph '{first}' (it has "
                                 f"{', '.join(entry.paragraphs)})")
    return entry


def _ccl_steps(result: Determination, entry: CclEntry, eccn: Eccn, dest: Destination) -> None:
    if entry.fields_missing:
        text = "; ".join(entry.reasons)[:400] or "none"
        result.add("ccl", f"{eccn.code}: the loaded CCL has no structured control rows for this entry (its reasons "
                   f"text: {text}); decide from the eCFR", "15 CFR 774 Supp. No. 1", "review")
        return
    if entry.needs_verification or entry.fields_as_of < CURRENT_SOURCE_YEAR:
        why = entry.note if entry.needs_verification and entry.note else \
            f"licence fields are from the eCFR of {entry.fields_as_of}"
        result.add("verify", f"{eccn.code}: {why}; verify against the current eCFR", "15 CFR 774 Supp. No. 1",
                   "verify")
    for row in entry.controls:
        reach = applicability(row, eccn)
        if reach.reach is Reach.DOES_NOT_APPLY:
            result.add("ccl", f"{row.reason}: {reach.why}", f"ECCN {eccn.code}, License Requirements")
            continue
        if row.columns:
            for column in row.columns:
                _chart_cell(result, row.reason, column, reach.reach, reach.why, dest, eccn)
            continue
        rule = outside_chart(row.chart, row.reason, dest)
        if rule.applies is None:
            result.add("outside_chart", f"{row.reason}: {rule.why}", rule.citation, "review", row.reason)
        elif rule.applies:
            effect = "licence" if reach.reach is Reach.APPLIES else "maybe"
            result.add("outside_chart", f"{row.reason} ({rule.why}); {reach.why}", rule.citation, effect, row.reason)
        else:
            result.add("outside_chart", f"{row.reason}: {rule.why}", rule.citation)
    for note in entry.license_requirement_notes:
        named = dest.name.lower() in note.lower() or (dest.country == "CN" and "china" in note.lower())
        result.add("ccl", f"licence requirement note: {note[:300]}", f"ECCN {eccn.code}, License Requirements",
                   "review" if named else "none")


def _destination_notes(result: Determination, dest: Destination) -> None:
    for number, text in dest.footnotes:
        result.add("note", f"chart footnote {number} for {dest.name}: {text[:300]}", "Supp. No. 1 to part 738")
    if dest.country == "UA" and dest.region is None:
        result.add("note", "Ukraine: the Crimea, DNR and LNR regions have their own rules; confirm the end user "
                   "is not there (use UA-43, UA-40, UA-14 or UA-09 if it is)", "15 CFR 746.6")


def _chart_cell(result: Determination, reason: str, column: str, reach: Reach, why: str, dest: Destination,
                eccn: Eccn) -> None:
    if column not in result.columns:
        result.columns.append(column)
    cell = column in dest.x
    citation = f"15 CFR 738.4; Supp. No. 1 to part 738, column {column}"
    if dest.special_case:
        result.add("chart", f"{column}: {dest.name} has no chart cells: '{dest.special_case}'", citation)
        return
    bis = None if dest.bis_x is None else column in dest.bis_x
    if bis is not None and bis != cell:
        result.add("verify", f"{column} for {dest.name}: the eCFR chart of 2026-09-24 has {'an X' if cell else 'no X'}, "
                   f"BIS's chart export of 2025-11-12 has {'an X' if bis else 'no X'}; verify", citation, "verify")
    if not cell and not bis:
        result.add("chart", f"{column}: no X for {dest.name} — no licence for this reason", citation)
        return
    if reach is Reach.APPLIES and cell:
        result.add("chart", f"{column}: X for {dest.name} ({eccn.code}: {why})", citation, "licence", reason)
    else:
        source = "X" if cell else "X in BIS's export only"
        result.add("chart", f"{column}: {source} for {dest.name} — a licence is required if {why}", citation, "maybe")


def _part746_steps(result: Determination, dest: Destination, eccn: Eccn, request: Request) -> None:
    food = bool(request.export and request.export.food_or_medicine)
    rules = result.part746 = embargo.rules_for(dest, ear99=eccn.is_ear99, food_or_medicine=food, as_of=request.as_of)
    for rule in rules:
        effect = {"licence_required": "licence", "prohibited": "prohibited", "exception_candidate": "licence",
                  "manual": "review"}[rule.outcome]
        result.add("part746", f"{dest.name}: {rule.outcome.replace('_', ' ')} — {rule.policy} (rule {rule.id}, "
                   f"{rule.dates})", rule.citation, effect)
        if rule.confidence != embargo.VERIFIED:
            result.add("verify", f"rule {rule.id}: source confidence '{rule.confidence}'. {rule.note}", rule.citation,
                       "verify")
    if not rules and (dest.special_case or dest.region):
        covered = [r for r in embargo.destination_rules() if r.destination in (dest.code, dest.country)]
        if food and covered:
            result.add("part746", f"{dest.name}: food or medicine designated EAR99 is excepted from the part 746 "
                       "licence requirement", covered[0].citation)
        else:
            result.add("part746", f"{dest.name}: the chart sends this destination to part 746 and no rule in the "
                       f"data covers it on {request.as_of}", "15 CFR part 746", "review")


def _end_user_steps(result: Determination, request: Request) -> None:
    usml = bool(request.usml) or result.authority.startswith("DDTC")
    for hit in request.hits:
        if hit.usml_only and not usml:
            continue
        who = f"{hit.party} ~ {hit.list_name} {hit.entity_id} '{hit.matched_name}' (score {hit.score})"
        effect = {Effect.PROHIBITED: "prohibited", Effect.LICENCE_REQUIRED: "licence",
                  Effect.LICENCE_IF_LISTED_ITEM: "review", Effect.NO_EXCEPTIONS: "none",
                  Effect.POSSIBLE_MATCH: "review"}[hit.effect]
        detail = f"; requirement: {hit.requirement}" if hit.requirement else ""
        policy = f"; policy: {hit.policy}" if hit.policy else ""
        result.add("end_user", f"{who}: {hit.effect.value}{detail}{policy}", hit.citation, effect)
        if hit.effect is Effect.NO_EXCEPTIONS:
            result.add("end_user", f"{hit.party}: obtain the UVL statement before any export that needs no licence",
                       "15 CFR 744.15(b)", "review")


def _exception_steps(result: Determination, request: Request) -> None:
    claimed = request.export.license_exception if request.export else None
    if request.export and request.export.license_number:
        result.add("note", f"licence {request.export.license_number} cited: confirm it covers this item, "
                   "destination, parties and value", "15 CFR 750.7; 15 CFR 758.1")
    if not result.has("licence") or result.has("prohibited") or result.authority.startswith("DDTC"):
        return
    blockers = [s for s in result.steps if s.kind == "end_user" and s.effect in ("licence", "none")]
    embargo_steps = [s for s in result.steps if s.kind == "part746" and s.effect == "licence"]
    if blockers:
        result.add("exception", "no licence exception: a party is on a list that excludes them", blockers[0].citation)
    elif embargo_steps:
        _part746_exceptions(result)
    elif result.entry is not None and result.eccn is not None:
        licensing = [s for s in result.steps if s.effect == "licence" and s.kind in ("chart", "outside_chart")]
        if any(s.kind == "outside_chart" and s.reason != "EI" for s in licensing):
            result.add("exception", "the licence comes (also) from a rule outside the chart: only the exceptions "
                       "that rule names may be used", "15 CFR 740.2")
        else:
            reasons = {s.reason for s in licensing}
            result.exceptions = candidates(result.entry, result.eccn, result.destination, reasons, request.value,
                                           request.export)
            result.other_exceptions = list(result.entry.other_exceptions)
    for candidate in result.exceptions:
        result.add("exception", candidate.describe(), candidate.section)
    if claimed:
        ok = any(c.symbol == claimed and c.eligible for c in result.exceptions)
        result.add("exception", f"claimed licence exception {claimed}: "
                   + ("among the candidates; confirm its conditions" if ok else "not available for this line"),
                   "15 CFR part 740", "none" if ok else "claim_rejected")


def _part746_exceptions(result: Determination) -> None:
    for rule in result.part746:
        if rule.outcome == "exception_candidate":
            result.exceptions.append(ExceptionCandidate(rule.exceptions, rule.citation, True, rule.policy))
        else:
            result.add("exception", f"{result.destination.name}: licence exceptions — {rule.exceptions}",
                       rule.citation)


def _outcome(result: Determination) -> Outcome:
    if result.has("prohibited"):
        return Outcome.PROHIBITED
    if result.has("licence"):
        eligible = any(c.eligible for c in result.exceptions)
        if result.has("claim_rejected"):
            return Outcome.LICENCE_REQUIRED
        if result.authority.startswith("DDTC"):
            exemption = result.request.export and result.request.export.itar_exemption
            denied = any("126.1" in s.citation for s in result.steps)
            return Outcome.EXCEPTION_CANDIDATE if exemption and not denied else Outcome.LICENCE_REQUIRED
        return Outcome.EXCEPTION_CANDIDATE if eligible else Outcome.LICENCE_REQUIRED
    if result.has("maybe") or result.has("review"):
        return Outcome.REVIEW
    return Outcome.NLR

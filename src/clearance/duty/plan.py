"""What a line's duty depends on besides its value and quantities, worked out once per key.

The rate column, the rate text and its parsed form, the MPF exemption, the Chapter 99 measures
that apply (and how), the AD/CVD warning and the findings these decisions give are fixed by the
line's HTS number, origin, SPI, rate override, declared Chapter 99 numbers and the entry date,
given the reference data of a :class:`~clearance.duty.tables.DutyTables`. A :class:`LinePlan`
holds them, so :mod:`clearance.duty.calculate` is left with the arithmetic on each line's value,
quantities, metal content, Section 232 tier and AD/CVD case.

Plans are cached in ``DutyTables.plans``: the tables' reference data is read once and does not
change during their life, so a plan never goes stale; the cache is bounded (oldest plans first
out) and lives as long as the tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from clearance.duty import rules as R
from clearance.duty.measures import Measure, column2_country, measures
from clearance.duty.rate_eval import PreparedRate
from clearance.duty.rate_text import RateExpression, RateTextError, SpecialRates, parse_rate, parse_special
from clearance.duty.tables import DutyTables, HtsFacts
from clearance.model import Finding, Rule
from clearance.model.codes import format_hts

_CITATIONS = {"general": "HTSUS General Note 3(a)", "column2": "HTSUS General Note 3(b)"}


class PlanKey(NamedTuple):
    """The line inputs a plan depends on; nothing else of the line may be read to build one."""

    hts: str | None
    origin: str | None
    spi: str | None
    rate_text: str | None
    rate_column: str | None
    chapter99: tuple[str, ...]
    on: date


@dataclass(frozen=True, slots=True)
class Note:
    """A finding the plan gives every line it serves; only the location ('line N') varies."""

    rule: Rule
    message: str                          # after the "line N: " prefix
    evidence: Mapping[str, Any] | None = None

    def finding(self, where: str) -> Finding:
        evidence = dict(self.evidence) if self.evidence is not None else None  # each finding owns its evidence
        return self.rule.finding(f"{where}: {self.message}", evidence=evidence, location=where)


@dataclass(frozen=True, slots=True)
class Charge:
    """A Chapter 99 measure that applies to the line, with its component texts."""

    measure: Measure
    heading: str                # the measure's reported heading
    how: str                    # declared | footnote | list | all
    description: str            # "<title> [<how>]"
    rate_text: str | None       # "<rate>%" when the measure fixes its rate (not a filer-stated 232 tier)
    on_content: bool            # Section 232 charged on the metal content value


@dataclass(frozen=True, slots=True)
class LinePlan:
    column: str                         # general | special | column2
    rate_text: str                      # the rate text that applies ('' when there is none)
    provision: str                      # the HTS number as printed, or "rate as given"
    rate: PreparedRate | None           # None when no rate can be evaluated (see rate_manual)
    rate_manual: str | None             # the manual-computation entry when the rate cannot be evaluated
    rate_description: str               # "<column> rate of <provision>"
    citation: str                       # the General Note of the column
    mpf_exempt: bool
    rate_notes: tuple[Note, ...]        # column, SPI and rate-text findings, in the order they arise
    measure_notes: tuple[Note, ...]     # origin missing, declared headings not in force
    s232: tuple[Charge, ...]            # Section 232 measures, charged first
    others: tuple[Charge, ...]          # the other measures, in table order
    adcvd_note: Note | None             # an AD/CVD order may cover the line (when it names no case)
    unverified: bool                    # a measure charged rests on a source not marked verified


@lru_cache(maxsize=8192)
def _parsed_rate(text: str) -> RateExpression:
    # Rate texts repeat across HTS numbers and checks: parse each once per process (the grammar is slow).
    return parse_rate(text)


@lru_cache(maxsize=8192)
def _parsed_special(text: str) -> SpecialRates:
    return parse_special(text)


def build_plan(key: PlanKey, tables: DutyTables) -> LinePlan:
    """The plan of every line with ``key``, from the reference data of ``tables``."""
    facts = tables.hts(key.hts) if key.hts else None
    notes: list[Note] = []
    column, rates_text, special = _rate_column(key, facts, notes)
    mpf_exempt = _mpf_exempt(key.spi, column, tables, notes) if special is not None else False
    provision = format_hts(key.hts) if key.hts else "rate as given"
    rate: PreparedRate | None = None
    manual: str | None = None
    if not rates_text:
        why = (f"{provision} is not in the HTS revision in force" if facts is not None and not facts.found
               else f"no {column} rate text for {provision}")
        manual = f"{column} rate"
        notes.append(Note(R.RATE_MANUAL, f"duty not computed: {why}", {"hts": key.hts, "column": column}))
    else:
        try:
            rate = tables.prepared_rate(special if special is not None else _parsed_rate(rates_text))
        except RateTextError as exc:
            manual = f"{column} rate '{rates_text}'"
            notes.append(Note(R.RATE_UNPARSED, f"rate text '{rates_text}' not understood: {exc}",
                              {"rate_text": rates_text}))
    applicable = _select(key, facts, tables)
    s232 = _charges([(m, how) for m, how in applicable if m.programme == "section232"], key, tables)
    others = _charges([(m, how) for m, how in applicable if m.programme != "section232"], key, tables)
    return LinePlan(
        column=column, rate_text=rates_text, provision=provision, rate=rate, rate_manual=manual,
        rate_description=f"{column} rate of {provision}", citation=_CITATIONS.get(column, "HTSUS General Note 3(c)"),
        mpf_exempt=mpf_exempt, rate_notes=tuple(notes), measure_notes=_measure_notes(key, applicable),
        s232=s232, others=others, adcvd_note=_adcvd_note(key, tables),
        unverified=any(not c.measure.verified for c in s232 + others))


def _rate_column(key: PlanKey, facts: HtsFacts | None,
                 notes: list[Note]) -> tuple[str, str, RateExpression | None]:
    """Which column applies (GN 3): Column 2 countries, a listed SPI claim, else General.

    Returns the column, its rate text and, for the Special column, the claimed programme's expression."""
    rates = facts.rates if facts and facts.found else {}
    if key.rate_text is not None:
        return key.rate_column or "general", key.rate_text.strip(), None
    if facts is not None and not facts.found:
        return "general", "", None
    col2 = column2_country(key.origin, key.on)
    if key.rate_column == "column2" or col2 is not None:
        if col2 is not None:
            notes.append(Note(R.COLUMN2, f"goods of {key.origin} take the Column 2 rate '{rates.get('column2', '')}'",
                              {"origin": key.origin, "column2": rates.get("column2"),
                               "basis": col2.values["citation"]}))
        return "column2", rates.get("column2", ""), None
    if key.spi:
        try:
            special = _parsed_special(rates.get("special", "")) if rates.get("special") else None
        except RateTextError:
            special = None
        entry = special.for_programme(key.spi) if special else None
        if entry is not None:
            return "special", rates["special"], entry.expression
        notes.append(Note(
            R.SPI_NOT_LISTED, f"SPI '{key.spi}' is not listed in the Special column of "
            f"{format_hts(key.hts or '')} ('{rates.get('special') or 'empty'}'); the General rate applies",
            {"spi": key.spi, "special": rates.get("special")}))
    return "general", rates.get("general", ""), None


def _mpf_exempt(spi: str | None, column: str, tables: DutyTables, notes: list[Note]) -> bool:
    """19 CFR 24.23(c): goods entered under some trade agreements are exempt from the MPF."""
    if spi is None or column != "special":
        return False
    row = tables.spi.get(spi)
    if row is None:
        notes.append(Note(R.SPI_UNKNOWN, f"SPI '{spi}' is not in the SPI table; MPF charged", {"spi": spi}))
        return False
    status = row["mpf_exempt"].strip().lower()
    if status.startswith("yes"):
        return True
    return spi == "A+" and status.startswith("only ldbdc")


def _measure_applies(m: Measure, key: PlanKey, facts: HtsFacts | None, tables: DutyTables) -> str | None:
    """How ``m`` covers the line ('declared', 'footnote', 'list', 'all'), or None."""
    declared = m.digits & set(key.chapter99)
    if declared:
        return "declared"
    code = key.hts or ""
    for kind in m.coverage:
        if kind == "all":
            return "all"
        if kind == "footnote" and facts is not None and m.digits & facts.footnote_headings:
            return "footnote"
        if kind.startswith("s301_thirdparty:") and code:
            listed = tables.s301_rate(code)
            if listed is not None and Decimal(listed) == Decimal(kind.split(":", 1)[1]):
                return "list"
        if kind.startswith("s232:") and code:
            category = tables.s232_category(code)
            if category and category in kind.split(":", 1)[1].split("+"):
                return "list"
        if kind == "s301_exclusion" and code and tables.s301_excluded(code):
            return "list"
    return None


def _excepted(m: Measure, key: PlanKey, tables: DutyTables, in_force: tuple[Measure, ...]) -> str | None:
    code = key.hts or ""
    for kind in m.except_coverage:
        if (kind == "s301_exclusion" and code and tables.s301_excluded(code)
                and any(x.programme == "section301_exclusion" for x in in_force)):
            return "Section 301 exclusion (9903.88.69/.70)"
        if kind == "s122_annex2" and code and tables.s122_exempt(code):
            return "Section 122 Annex II exemption"
    return None


def _select(key: PlanKey, facts: HtsFacts | None, tables: DutyTables) -> list[tuple[Measure, str]]:
    """The Chapter 99 measures that apply to the line on its entry date, and how."""
    in_force = tuple(m for m in measures() if m.in_force(key.on))
    applicable: list[tuple[Measure, str]] = []
    for m in in_force:
        if not m.covers_country(key.origin) or (key.spi and key.spi in m.exempt_spi):
            continue
        how = _measure_applies(m, key, facts, tables)
        if how is None or (how != "declared" and _excepted(m, key, tables, in_force)):
            continue
        applicable.append((m, how))
    # A third-party list that cannot name the Section 301 list only stands in when nothing better applies.
    named_301 = any(m.programme == "section301" and how in ("declared", "footnote") for m, how in applicable)
    return [(m, how) for m, how in applicable
            if not (named_301 and m.programme == "section301" and how == "list" and "/" in m.heading)]


def _charges(applicable: list[tuple[Measure, str]], key: PlanKey, tables: DutyTables) -> tuple[Charge, ...]:
    # Few distinct measure stacks serve many plans: share them (fewer objects for the garbage collector).
    found = []
    for m, how in applicable:
        chapter = (key.hts or "")[:2]
        on_content = m.programme == "section232" and (
            m.base == "content" or bool(m.digits & set(key.chapter99) & {h.replace(".", "") for h in m.content_headings})
            or (m.base == "content_outside_ch72_73_76" and chapter not in ("72", "73", "76") and how != "declared"))
        found.append((m, how, on_content))
    stack = tuple((m.measure_id, how, on_content) for m, how, on_content in found)
    return tables.shared(("charges", stack), lambda: tuple(_charge(m, how, on_content) for m, how, on_content in found))


def _charge(m: Measure, how: str, on_content: bool) -> Charge:
    rate_text = f"{m.rate.normalize():f}%" if m.rate is not None else None
    return Charge(m, m.heading, how, f"{m.title} [{how}]", rate_text, on_content)


def _measure_notes(key: PlanKey, applicable: list[tuple[Measure, str]]) -> tuple[Note, ...]:
    notes: list[Note] = []
    if key.origin is None:
        notes.append(Note(R.ORIGIN_MISSING, "no country of origin"))
    if key.chapter99:
        charged = set().union(*(m.digits for m, _ in applicable)) if applicable else set()
        for heading in key.chapter99:
            if heading.startswith("9903") and heading not in charged:
                notes.append(Note(
                    R.MEASURE_DECLARED_UNKNOWN, f"declared {format_hts(heading)} is not a measure in force for goods "
                    f"of {key.origin or 'unknown origin'} on this date", {"declared": heading}))
    return tuple(notes)


def _adcvd_note(key: PlanKey, tables: DutyTables) -> Note | None:
    warning = tables.adcvd_warning(key.hts, key.origin) if key.hts else None
    if not warning:
        return None
    return Note(R.ADCVD_POSSIBLE, f"{format_hts(key.hts or '')} from {key.origin} falls under an AD/CVD order "
                f"prefix ({warning.get('case') or 'case not named'}); check scope and declare the case", warning)

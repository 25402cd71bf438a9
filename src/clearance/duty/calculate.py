"""The duty computation: rate column, duty stack, fees and totals for one entry.

Inputs are plain values already in US dollars (valuation and currency conversion happen
before, in :mod:`clearance.duty.assess`), so the same code serves the ``check`` pipeline,
``clearance duty`` and direct calls with explicit rate text (what-if and worked examples).

Every component is rounded half-up to cents on its own, as CBP computes them; totals are sums
of rounded components. Anything that cannot be computed mechanically becomes a finding with
the component left out of the totals and named, never a silent zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from clearance.duty import rules as R
from clearance.duty.fees import (
    HMF_RATE,
    INFORMAL_AUTOMATED,
    INFORMAL_CBP,
    INFORMAL_MANUAL,
    MANUAL_SURCHARGE,
    MPF_MAX,
    MPF_MIN,
    MPF_RATE,
    FeeValue,
    fiscal_year,
)
from clearance.duty.measures import Measure, column2_country, de_minimis, measures
from clearance.duty.rate_eval import ManualComputation, evaluate
from clearance.duty.rate_text import RateTextError, parse_rate, parse_special
from clearance.duty.tables import DutyTables, HtsFacts
from clearance.model import EntryFiling, Finding, Quantity, TransportMode
from clearance.model.codes import format_hts
from clearance.model.money import round_cents

ZERO = Decimal("0.00")
INFORMAL_LIMIT = Decimal("2500")
INFORMAL_TYPES = frozenset({"11", "12"})
ADCVD_TYPES = frozenset({"03", "07", "34", "38"})


@dataclass(frozen=True)
class DutyLineInput:
    number: int
    value_usd: Decimal
    origin: str | None
    hts: str | None = None
    rate_text: str | None = None      # overrides the HTS rate text (what-if, manual provisions)
    rate_column: str | None = None    # force "general" | "special" | "column2"
    spi: str | None = None
    quantities: tuple[Quantity, ...] = ()
    chapter99: tuple[str, ...] = ()
    metal_content_usd: Decimal | None = None
    section232_tier: Decimal | None = None
    adcvd_case: str | None = None
    adcvd_rate: Decimal | None = None


@dataclass(frozen=True)
class DutyEntryInput:
    entry_date: date
    mode: TransportMode
    lines: tuple[DutyLineInput, ...]
    entry_type: str | None = None
    filing: EntryFiling = EntryFiling.ELECTRONIC
    reference_id: str = ""


@dataclass
class Component:
    kind: str            # rate | chapter99 | adcvd
    provision: str       # HTS or Chapter 99 number, or the AD/CVD case
    programme: str       # general | special | column2 | section301 | section232 | ... | adcvd
    description: str
    rate_text: str
    base: Decimal
    base_label: str
    amount: Decimal
    citation: str
    confidence: str = "verified"
    measure_id: str | None = None


@dataclass
class LineDuty:
    number: int
    hts: str | None
    origin: str | None
    dutiable_value: Decimal
    rate_column: str
    rate_text: str
    components: list[Component] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)     # components that need a hand computation
    mpf_exempt: bool = False

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.components), ZERO)


@dataclass
class Fee:
    code: str            # MPF | MPF_INFORMAL | MANUAL_SURCHARGE | HMF
    class_code: str | None
    base: Decimal
    rate_text: str
    amount: Decimal
    citation: str
    note: str = ""


@dataclass
class EntryDuty:
    entry_date: date
    fiscal_year: int
    entry_type: str
    lines: list[LineDuty]
    fees: list[Fee]
    findings: list[Finding]
    de_minimis: bool = False

    @property
    def duty_total(self) -> Decimal:
        return sum((ln.total for ln in self.lines), ZERO)

    @property
    def fee_total(self) -> Decimal:
        return sum((f.amount for f in self.fees), ZERO)

    @property
    def grand_total(self) -> Decimal:
        return self.duty_total + self.fee_total

    def fee(self, code: str) -> Decimal:
        return sum((f.amount for f in self.fees if f.code == code), ZERO)

    def totals_by_programme(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for line in self.lines:
            for c in line.components:
                totals[c.programme] = totals.get(c.programme, ZERO) + c.amount
        return totals

    @property
    def complete(self) -> bool:
        return not any(ln.manual for ln in self.lines)


@lru_cache(maxsize=8192)
def _parsed_rate(text: str) -> Any:
    return parse_rate(text)


@lru_cache(maxsize=8192)
def _parsed_special(text: str) -> Any:
    return parse_special(text)


def calculate(entry: DutyEntryInput, tables: DutyTables) -> EntryDuty:
    """Duties, Chapter 99 measures, AD/CVD deposits and fees of one entry on its entry date."""
    findings: list[Finding] = []
    on = entry.entry_date
    total_value = sum((ln.value_usd for ln in entry.lines), ZERO)
    entry_type = entry.entry_type
    if entry_type is None:
        entry_type = "11" if total_value <= INFORMAL_LIMIT else "01"
        findings.append(R.ENTRY_TYPE_ASSUMED.finding(
            f"entry type {entry_type} ({'informal' if entry_type == '11' else 'formal'}) assumed for a total "
            f"entered value of {total_value:,.2f} USD", evidence={"entered_value": str(total_value)}))
    if entry_type in INFORMAL_TYPES and total_value > INFORMAL_LIMIT:
        findings.append(R.ENTRY_INFORMAL_LIMIT.finding(
            f"entry type {entry_type} is informal but the entered value is {total_value:,.2f} USD (limit 2,500.00)",
            evidence={"entered_value": str(total_value), "entry_type": entry_type}))
    if entry_type == "86" and _de_minimis_applies(entry, total_value, findings):
        return EntryDuty(on, fiscal_year(on), entry_type, [LineDuty(ln.number, ln.hts, ln.origin, ln.value_usd,
                         "de minimis", "Free") for ln in entry.lines], [], findings, de_minimis=True)
    lines = [_line(ln, entry, tables, findings) for ln in entry.lines]
    if any(c.kind == "adcvd" for ln in lines for c in ln.components) and entry_type not in ADCVD_TYPES:
        findings.append(R.ADCVD_ENTRY_TYPE.finding(
            f"AD/CVD deposits on an entry of type {entry_type}", evidence={"entry_type": entry_type}))
    _unverified(lines, findings)
    fees = _fees(entry, entry_type, lines, tables, findings)
    return EntryDuty(on, fiscal_year(on), entry_type, lines, fees, findings)


def _de_minimis_applies(entry: DutyEntryInput, total: Decimal, findings: list[Finding]) -> bool:
    origins = {ln.origin for ln in entry.lines}
    rows = [de_minimis(origin, entry.entry_date) for origin in origins]
    unavailable = [r for r in rows if r is None or r.values["available"] != "yes"]
    threshold = min((Decimal(r.values["threshold_usd"]) for r in rows if r is not None), default=ZERO)
    if unavailable or total > threshold:
        why = (unavailable[0].values["citation"] if unavailable and unavailable[0] is not None
               else f"value {total:,.2f} USD over the {threshold} USD limit")
        findings.append(R.DE_MINIMIS_UNAVAILABLE.finding(
            f"Section 321 entry on {entry.entry_date.isoformat()}: de minimis not available ({why}); "
            "duties and fees computed as for an informal entry", evidence={"entered_value": str(total)}))
        return False
    findings.append(R.DE_MINIMIS_APPLIED.finding(
        f"Section 321 de minimis: {total:,.2f} USD within {threshold} USD; no duty or fees",
        evidence={"entered_value": str(total), "threshold": str(threshold)}))
    return True


def _line(line: DutyLineInput, entry: DutyEntryInput, tables: DutyTables, findings: list[Finding]) -> LineDuty:
    where = f"line {line.number}"
    facts = tables.hts(line.hts) if line.hts else None
    column, rates_text, spi_row = _rate_column(line, entry.entry_date, facts, tables, findings, where)
    result = LineDuty(line.number, line.hts, line.origin, line.value_usd, column, rates_text)
    result.mpf_exempt = _mpf_exempt(line.spi, column, tables, findings, where) if spi_row else False
    provision = format_hts(line.hts) if line.hts else "rate as given"
    if not rates_text:
        why = (f"{provision} is not in the HTS revision in force" if facts is not None and not facts.found
               else f"no {column} rate text for {provision}")
        result.manual.append(f"{column} rate")
        findings.append(R.RATE_MANUAL.finding(f"{where}: duty not computed: {why}",
                                              evidence={"hts": line.hts, "column": column}, location=where))
    else:
        try:
            expression = _parsed_rate(rates_text) if column != "special" else spi_row.expression
            evaluation = evaluate(expression, line.value_usd, list(line.quantities))
        except RateTextError as exc:
            result.manual.append(f"{column} rate '{rates_text}'")
            findings.append(R.RATE_UNPARSED.finding(f"{where}: rate text '{rates_text}' not understood: {exc}",
                                                    evidence={"rate_text": rates_text}, location=where))
        except ManualComputation as exc:
            result.manual.append(f"{column} rate '{rates_text}'")
            findings.append(R.RATE_MANUAL.finding(
                f"{where}: {column} rate '{rates_text}' of {provision} needs a manual computation: {exc.reason}",
                evidence={"rate_text": rates_text, "hts": line.hts}, location=where))
        else:
            citation = "HTSUS General Note 3(a)" if column == "general" else (
                "HTSUS General Note 3(b)" if column == "column2" else "HTSUS General Note 3(c)")
            for part in evaluation.components:
                result.components.append(Component(
                    "rate", provision, column, f"{column} rate of {provision}", part.rate_text, part.base,
                    part.base_unit, part.amount, citation))
    _chapter99(line, entry.entry_date, facts, tables, result, findings, where)
    _adcvd(line, facts, tables, result, findings, where)
    return result


def _rate_column(line: DutyLineInput, on: date, facts: HtsFacts | None, tables: DutyTables,
                 findings: list[Finding], where: str) -> tuple[str, str, Any]:
    """Which column applies (GN 3): Column 2 countries, a listed SPI claim, else General."""
    rates = facts.rates if facts and facts.found else {}
    if line.rate_text is not None:
        return line.rate_column or "general", line.rate_text.strip(), None
    if facts is not None and not facts.found:
        return "general", "", None
    col2 = column2_country(line.origin, on)
    if line.rate_column == "column2" or col2 is not None:
        if col2 is not None:
            findings.append(R.COLUMN2.finding(
                f"{where}: goods of {line.origin} take the Column 2 rate '{rates.get('column2', '')}'",
                evidence={"origin": line.origin, "column2": rates.get("column2"), "basis": col2.values["citation"]},
                location=where))
        return "column2", rates.get("column2", ""), None
    if line.spi:
        try:
            special = _parsed_special(rates.get("special", "")) if rates.get("special") else None
        except RateTextError:
            special = None
        entry = special.for_programme(line.spi) if special else None
        if entry is not None:
            return "special", rates["special"], entry
        findings.append(R.SPI_NOT_LISTED.finding(
            f"{where}: SPI '{line.spi}' is not listed in the Special column of "
            f"{format_hts(line.hts or '')} ('{rates.get('special') or 'empty'}'); the General rate applies",
            evidence={"spi": line.spi, "special": rates.get("special")}, location=where))
    return "general", rates.get("general", ""), None


def _mpf_exempt(spi: str | None, column: str, tables: DutyTables, findings: list[Finding], where: str) -> bool:
    """19 CFR 24.23(c): goods entered under some trade agreements are exempt from the MPF."""
    if spi is None or column != "special":
        return False
    row = tables.spi.get(spi)
    if row is None:
        findings.append(R.SPI_UNKNOWN.finding(f"{where}: SPI '{spi}' is not in the SPI table; MPF charged",
                                              evidence={"spi": spi}, location=where))
        return False
    status = row["mpf_exempt"].strip().lower()
    if status.startswith("yes"):
        return True
    return spi == "A+" and status.startswith("only ldbdc")


def _measure_applies(m: Measure, line: DutyLineInput, facts: HtsFacts | None, tables: DutyTables) -> str | None:
    """How ``m`` covers the line ('declared', 'footnote', 'list', 'all'), or None."""
    declared = m.digits & set(line.chapter99)
    if declared:
        return "declared"
    code = line.hts or ""
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


def _excepted(m: Measure, line: DutyLineInput, tables: DutyTables, on: date) -> str | None:
    code = line.hts or ""
    for kind in m.except_coverage:
        if (kind == "s301_exclusion" and code and tables.s301_excluded(code)
                and any(x.programme == "section301_exclusion" for x in _in_force(on))):
            return "Section 301 exclusion (9903.88.69/.70)"
        if kind == "s122_annex2" and code and tables.s122_exempt(code):
            return "Section 122 Annex II exemption"
    return None


def _select(line: DutyLineInput, on: date, facts: HtsFacts | None, tables: DutyTables) -> list[tuple[Measure, str]]:
    """The Chapter 99 measures that apply to the line on ``on`` and how (cached per line facts)."""
    key = (line.hts, line.origin, line.spi, line.chapter99, on)
    cached = tables.selections.get(key)
    if cached is not None:
        return cached
    applicable: list[tuple[Measure, str]] = []
    for m in _in_force(on):
        if not m.covers_country(line.origin) or (line.spi and line.spi in m.exempt_spi):
            continue
        how = _measure_applies(m, line, facts, tables)
        if how is None or (how != "declared" and _excepted(m, line, tables, on)):
            continue
        applicable.append((m, how))
    # A third-party list that cannot name the Section 301 list only stands in when nothing better applies.
    named_301 = any(m.programme == "section301" and how in ("declared", "footnote") for m, how in applicable)
    applicable = [(m, how) for m, how in applicable
                  if not (named_301 and m.programme == "section301" and how == "list" and "/" in m.heading)]
    tables.selections[key] = applicable
    return applicable


@lru_cache(maxsize=256)
def _in_force(on: date) -> tuple[Measure, ...]:
    return tuple(m for m in measures() if m.in_force(on))


def _chapter99(line: DutyLineInput, on: date, facts: HtsFacts | None, tables: DutyTables, result: LineDuty,
               findings: list[Finding], where: str) -> None:
    if line.origin is None:
        findings.append(R.ORIGIN_MISSING.finding(f"{where}: no country of origin", location=where))
    applicable = _select(line, on, facts, tables)
    if line.chapter99:
        _declared_unknown(line, applicable, where, findings)
    s232 = [(m, how) for m, how in applicable if m.programme == "section232"]
    metal_base: Decimal | None = ZERO
    for m, how in s232:
        base = _s232_charge(m, how, line, facts, result, findings, where)
        metal_base = None if base is None or metal_base is None else max(metal_base, base)
    for m, how in applicable:
        if m.programme == "section232":
            continue
        base = line.value_usd
        label = "entered value"
        if s232 and m.on_232_goods == "none":
            continue
        if s232 and m.on_232_goods == "remainder":
            if metal_base is None:
                result.manual.append(f"{m.heading} on the value not subject to Section 232")
                continue
            base = line.value_usd - metal_base
            label = "value not subject to Section 232"
            if base <= 0:
                continue
        _charge(m, how, base, label, m.rate, result, findings, where)


def _s232_charge(m: Measure, how: str, line: DutyLineInput, facts: HtsFacts | None, result: LineDuty,
                 findings: list[Finding], where: str) -> Decimal | None:
    """Charge one Section 232 measure; return the value it covers (None when unknown)."""
    chapter = (line.hts or "")[:2]
    on_content = m.base == "content" or bool(m.digits & set(line.chapter99) & {
        h.replace(".", "") for h in m.content_headings}) or (
        m.base == "content_outside_ch72_73_76" and chapter not in ("72", "73", "76") and how != "declared")
    rate = m.rate if m.rate is not None else line.section232_tier
    if rate is None:
        result.manual.append(f"{m.heading} (tier not given)")
        findings.append(R.S232_TIER_MISSING.finding(
            f"{where}: {m.title} applies ({how}); state the line's tier (duty.section232_tier)",
            evidence={"measure": m.measure_id, "coverage": how}, location=where))
        return None
    if on_content:
        if line.metal_content_usd is None:
            result.manual.append(f"{m.heading} on metal content")
            findings.append(R.S232_CONTENT_MISSING.finding(
                f"{where}: {m.title} is charged on the metal content value, which the line does not give "
                "(duty.metal_content)", evidence={"measure": m.measure_id, "coverage": how}, location=where))
            return None
        base = min(line.metal_content_usd, line.value_usd)
        _charge(m, how, base, "metal content value", rate, result, findings, where)
        return base
    _charge(m, how, line.value_usd, "entered value", rate, result, findings, where)
    return line.value_usd


def _charge(m: Measure, how: str, base: Decimal, label: str, rate: Decimal | None, result: LineDuty,
            findings: list[Finding], where: str) -> None:
    if rate is None:
        result.manual.append(f"{m.heading} (rate not loaded)")
        findings.append(R.RATE_MANUAL.finding(
            f"{where}: {m.title} applies on this date but its rate is not in the measure table; compute by hand",
            evidence={"measure": m.measure_id, "headings": list(m.headings)}, location=where))
        return
    amount = round_cents(base * rate / 100)
    result.components.append(Component(
        "chapter99", m.heading, m.programme, f"{m.title} [{how}]", f"{rate.normalize():f}%", base, label,
        amount, m.citation, m.confidence, m.measure_id))


def _declared_unknown(line: DutyLineInput, applicable: list[tuple[Measure, str]], where: str,
                      findings: list[Finding]) -> None:
    charged = set().union(*(m.digits for m, _ in applicable)) if applicable else set()
    for heading in line.chapter99:
        if heading.startswith("9903") and heading not in charged:
            findings.append(R.MEASURE_DECLARED_UNKNOWN.finding(
                f"{where}: declared {format_hts(heading)} is not a measure in force for goods of "
                f"{line.origin or 'unknown origin'} on this date", evidence={"declared": heading}, location=where))


def _adcvd(line: DutyLineInput, facts: HtsFacts | None, tables: DutyTables, result: LineDuty,
           findings: list[Finding], where: str) -> None:
    if line.adcvd_case:
        if line.adcvd_rate is None:
            result.manual.append(f"AD/CVD {line.adcvd_case}")
            findings.append(R.ADCVD_RATE_MISSING.finding(
                f"{where}: AD/CVD case {line.adcvd_case} without a cash deposit rate (duty.adcvd_rate)",
                evidence={"case": line.adcvd_case}, location=where))
            return
        amount = round_cents(line.value_usd * line.adcvd_rate / 100)
        result.components.append(Component(
            "adcvd", line.adcvd_case, "adcvd", f"AD/CVD cash deposit, case {line.adcvd_case}",
            f"{line.adcvd_rate.normalize():f}%", line.value_usd, "entered value", amount,
            "19 CFR 141.101; 19 U.S.C. 1673e / 1671e"))
        return
    warning = tables.adcvd_warning(line.hts, line.origin) if line.hts else None
    if warning:
        findings.append(R.ADCVD_POSSIBLE.finding(
            f"{where}: {format_hts(line.hts or '')} from {line.origin} falls under an AD/CVD order prefix "
            f"({warning.get('case') or 'case not named'}); check scope and declare the case",
            evidence=warning, location=where))


def _unverified(lines: Sequence[LineDuty], findings: list[Finding]) -> None:
    by_measure: dict[str, tuple[Component, list[int]]] = {}
    for line in lines:
        for c in line.components:
            if c.measure_id and not c.confidence.startswith("verified"):
                by_measure.setdefault(c.measure_id, (c, []))[1].append(line.number)
    for measure_id, (c, numbers) in by_measure.items():
        findings.append(R.MEASURE_UNVERIFIED.finding(
            f"{c.provision} ({c.description.split(' [')[0]}) on line(s) {', '.join(map(str, numbers))} rests on a "
            f"source marked '{c.confidence}'", evidence={"measure": measure_id, "confidence": c.confidence,
                                                         "lines": numbers}))


def _fee_value(tables: DutyTables, name: str, year: int, findings: list[Finding]) -> FeeValue | None:
    value = tables.fees.value(name, year)
    if value is None:
        findings.append(R.FEES_MISSING.finding(f"no '{name}' value for FY{year} or earlier is loaded",
                                               evidence={"fee": name, "fiscal_year": year}))
    elif value.fallback and not any(f.rule_id == R.FEES_YEAR_MISSING.id and f.evidence.get("fee") == name
                                    for f in findings):
        findings.append(R.FEES_YEAR_MISSING.finding(
            f"'{name}': no FY{year} value loaded; FY{value.fiscal_year} value {value.amount} used",
            evidence={"fee": name, "fiscal_year": year, "used": value.fiscal_year}))
    return value


def _fees(entry: DutyEntryInput, entry_type: str, lines: list[LineDuty], tables: DutyTables,
          findings: list[Finding]) -> list[Fee]:
    year = fiscal_year(entry.entry_date)
    fees: list[Fee] = []
    if not tables.fees:
        findings.append(R.REFDATA_MISSING.finding("CBP user fee table (cbp_user_fees) not loaded; fees not computed"))
        return fees
    if entry_type in INFORMAL_TYPES:
        name = {EntryFiling.ELECTRONIC: INFORMAL_AUTOMATED, EntryFiling.MANUAL: INFORMAL_MANUAL,
                EntryFiling.CBP_PREPARED: INFORMAL_CBP}[entry.filing]
        value = _fee_value(tables, name, year, findings)
        if value is not None:
            fees.append(Fee("MPF_INFORMAL", value.class_code, ZERO, f"{value.amount} per entry", value.amount,
                            value.cfr, f"FY{value.fiscal_year}; {name}"))
    else:
        fees.extend(_mpf_formal(entry, lines, tables, year, findings))
    if entry.mode is TransportMode.OCEAN:
        value = _fee_value(tables, HMF_RATE, year, findings)
        if value is not None:
            base = sum((ln.dutiable_value for ln in lines), ZERO)
            fees.append(Fee("HMF", value.class_code, base, f"{value.amount}%", round_cents(base * value.amount / 100),
                            value.cfr, "ocean shipment: port use (26 U.S.C. 4461)"))
    return fees


def _mpf_formal(entry: DutyEntryInput, lines: list[LineDuty], tables: DutyTables, year: int,
                findings: list[Finding]) -> list[Fee]:
    rate = _fee_value(tables, MPF_RATE, year, findings)
    low = _fee_value(tables, MPF_MIN, year, findings)
    high = _fee_value(tables, MPF_MAX, year, findings)
    if rate is None or low is None or high is None:
        return []
    base = sum((ln.dutiable_value for ln in lines if not ln.mpf_exempt), ZERO)
    exempt = [ln.number for ln in lines if ln.mpf_exempt]
    if base == 0:
        return [Fee("MPF", rate.class_code, ZERO, f"{rate.amount}%", ZERO, "19 CFR 24.23(c)",
                    "every line is MPF-exempt")]
    raw = base * rate.amount / 100
    amount, note = round_cents(raw), f"{rate.amount}% x {base:,.2f} = {raw:f}"
    if raw < low.amount:
        amount, note = low.amount, f"{note}; below the FY{low.fiscal_year} minimum {low.amount}"
        findings.append(R.MPF_MINIMUM.finding(f"MPF {round_cents(raw)} raised to the minimum {low.amount}",
                                              evidence={"raw": f"{raw:f}", "minimum": str(low.amount)}))
    elif raw > high.amount:
        amount, note = high.amount, f"{note}; above the FY{high.fiscal_year} maximum {high.amount}"
        findings.append(R.MPF_MAXIMUM.finding(f"MPF {round_cents(raw)} capped at the maximum {high.amount}",
                                              evidence={"raw": f"{raw:f}", "maximum": str(high.amount)}))
    if exempt:
        note += f"; lines {', '.join(map(str, exempt))} exempt (19 CFR 24.23(c)); minimum and maximum applied " \
                "to the fee on the non-exempt value"
    fees = [Fee("MPF", rate.class_code, base, f"{rate.amount}%", amount, rate.cfr + "; " + low.cfr, note)]
    if entry.filing is not EntryFiling.ELECTRONIC:
        surcharge = _fee_value(tables, MANUAL_SURCHARGE, year, findings)
        if surcharge is not None:
            fees.append(Fee("MANUAL_SURCHARGE", surcharge.class_code, ZERO, f"{surcharge.amount} per entry",
                            surcharge.amount, surcharge.cfr, "entry not filed electronically"))
    return fees

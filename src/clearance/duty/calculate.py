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
from clearance.duty.measures import de_minimis
from clearance.duty.plan import Charge, LinePlan, PlanKey, build_plan
from clearance.duty.rate_eval import ManualComputation
from clearance.duty.tables import DutyTables
from clearance.model import EntryFiling, Finding, Quantity, TransportMode
from clearance.model.money import round_cents

ZERO = Decimal("0.00")
INFORMAL_LIMIT = Decimal(2500)
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


@dataclass(slots=True)
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


@dataclass(slots=True)
class LineDuty:
    number: int
    hts: str | None
    origin: str | None
    dutiable_value: Decimal
    rate_column: str
    rate_text: str
    components: list[Component] = field(default_factory=list)
    # Components that need a hand computation. A tuple, not a list: most lines have none, and the shared
    # empty tuple is one object less per line for the garbage collector to scan in a large batch.
    manual: tuple[str, ...] = ()
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
    plans = [_plan(ln, on, tables) for ln in entry.lines]
    lines = [_line(ln, plan, findings) for ln, plan in zip(entry.lines, plans, strict=True)]
    # Only a line that names an AD/CVD case gets a deposit, and only a line whose plan charges an
    # unverified measure an unverified component: the scans below skip the other lines.
    if entry_type not in ADCVD_TYPES and any(c.kind == "adcvd" for ln, given in zip(lines, entry.lines, strict=True)
                                             if given.adcvd_case for c in ln.components):
        findings.append(R.ADCVD_ENTRY_TYPE.finding(
            f"AD/CVD deposits on an entry of type {entry_type}", evidence={"entry_type": entry_type}))
    _unverified([ln for ln, plan in zip(lines, plans, strict=True) if plan.unverified], findings)
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


def _line(line: DutyLineInput, plan: LinePlan, findings: list[Finding]) -> LineDuty:
    result = LineDuty(line.number, line.hts, line.origin, line.value_usd, plan.column, plan.rate_text, [], (),
                      plan.mpf_exempt)
    if plan.rate_notes:
        where = _where(line)
        findings.extend(note.finding(where) for note in plan.rate_notes)
    if plan.rate_manual is not None:
        result.manual += (plan.rate_manual,)
    elif plan.rate is not None:
        try:
            parts = plan.rate.parts(line.value_usd, line.quantities)
        except ManualComputation as exc:
            where = _where(line)
            result.manual += (f"{plan.column} rate '{plan.rate_text}'",)
            findings.append(R.RATE_MANUAL.finding(
                f"{where}: {plan.column} rate '{plan.rate_text}' of {plan.provision} needs a manual computation: "
                f"{exc.reason}", evidence={"rate_text": plan.rate_text, "hts": line.hts}, location=where))
        else:
            for rate_text, base, base_unit, amount in parts:
                result.components.append(Component(
                    "rate", plan.provision, plan.column, plan.rate_description, rate_text, base, base_unit, amount,
                    plan.citation))
    _chapter99(line, plan, result, findings)
    _adcvd(line, plan, result, findings)
    return result


def _where(line: DutyLineInput) -> str:
    # Built only for a finding: most lines have none.
    return f"line {line.number}"


def _plan(line: DutyLineInput, on: date, tables: DutyTables) -> LinePlan:
    """The line's plan, built on the first line with its key (the cache belongs to ``tables``)."""
    key = (line.hts, line.origin, line.spi, line.rate_text, line.rate_column, line.chapter99, on)
    plan = tables.plans.get(key)
    if plan is None:
        plan = tables.plans.put(key, build_plan(PlanKey(*key), tables))
    return plan


def _chapter99(line: DutyLineInput, plan: LinePlan, result: LineDuty, findings: list[Finding]) -> None:
    if plan.measure_notes:
        where = _where(line)
        findings.extend(note.finding(where) for note in plan.measure_notes)
    metal_base: Decimal | None = ZERO
    for charge in plan.s232:
        base = _s232_charge(charge, line, result, findings)
        metal_base = None if base is None or metal_base is None else max(metal_base, base)
    for charge in plan.others:
        m = charge.measure
        base = line.value_usd
        label = "entered value"
        if plan.s232 and m.on_232_goods == "none":
            continue
        if plan.s232 and m.on_232_goods == "remainder":
            if metal_base is None:
                result.manual += (f"{m.heading} on the value not subject to Section 232",)
                continue
            base = line.value_usd - metal_base
            label = "value not subject to Section 232"
            if base <= 0:
                continue
        _charge(charge, base, label, m.rate, charge.rate_text, line, result, findings)


def _s232_charge(charge: Charge, line: DutyLineInput, result: LineDuty, findings: list[Finding]) -> Decimal | None:
    """Charge one Section 232 measure; return the value it covers (None when unknown)."""
    m, how = charge.measure, charge.how
    rate, rate_text = m.rate, charge.rate_text
    if rate is None:
        rate = line.section232_tier
        rate_text = None if rate is None else f"{rate.normalize():f}%"
    if rate is None:
        where = _where(line)
        result.manual += (f"{m.heading} (tier not given)",)
        findings.append(R.S232_TIER_MISSING.finding(
            f"{where}: {m.title} applies ({how}); state the line's tier (duty.section232_tier)",
            evidence={"measure": m.measure_id, "coverage": how}, location=where))
        return None
    if charge.on_content:
        if line.metal_content_usd is None:
            where = _where(line)
            result.manual += (f"{m.heading} on metal content",)
            findings.append(R.S232_CONTENT_MISSING.finding(
                f"{where}: {m.title} is charged on the metal content value, which the line does not give "
                "(duty.metal_content)", evidence={"measure": m.measure_id, "coverage": how}, location=where))
            return None
        base = min(line.metal_content_usd, line.value_usd)
        _charge(charge, base, "metal content value", rate, rate_text, line, result, findings)
        return base
    _charge(charge, line.value_usd, "entered value", rate, rate_text, line, result, findings)
    return line.value_usd


def _charge(charge: Charge, base: Decimal, label: str, rate: Decimal | None, rate_text: str | None,
            line: DutyLineInput, result: LineDuty, findings: list[Finding]) -> None:
    m = charge.measure
    if rate is None or rate_text is None:
        where = _where(line)
        result.manual += (f"{m.heading} (rate not loaded)",)
        findings.append(R.RATE_MANUAL.finding(
            f"{where}: {m.title} applies on this date but its rate is not in the measure table; compute by hand",
            evidence={"measure": m.measure_id, "headings": list(m.headings)}, location=where))
        return
    amount = round_cents(base * rate / 100)
    result.components.append(Component(
        "chapter99", charge.heading, m.programme, charge.description, rate_text, base, label,
        amount, m.citation, m.confidence, m.measure_id))


def _adcvd(line: DutyLineInput, plan: LinePlan, result: LineDuty, findings: list[Finding]) -> None:
    if line.adcvd_case:
        if line.adcvd_rate is None:
            where = _where(line)
            result.manual += (f"AD/CVD {line.adcvd_case}",)
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
    if plan.adcvd_note is not None:
        findings.append(plan.adcvd_note.finding(_where(line)))


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

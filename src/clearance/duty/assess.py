"""From a shipment to its duty: currency conversion, transaction value, then the computation.

``assess(shipment, as_of, reference)`` is what the ``check`` pipeline and ``clearance duty``
call. The entry date is ``as_of``; currency is converted at the rate for the date of
exportation (19 CFR 159.32), falling back to ``as_of`` with a finding when the shipment has no
export date. Shipment-level freight, insurance, packing, assists, royalties and commissions are
apportioned to lines by value (19 U.S.C. 1401a(b)); each line's dutiable value is its share of
the transaction value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from clearance.duty import rules as R
from clearance.duty.calculate import DutyEntryInput, DutyLineInput, EntryDuty, calculate
from clearance.duty.currency import Caveat, Conversion, ReferenceRates, convert
from clearance.duty.summary import summarise
from clearance.duty.tables import DutyTables
from clearance.duty.valuation import ShipmentValuation, elements_in_usd, line_valuations
from clearance.errors import DatasetNotLoaded, ExchangeRateNotFound
from clearance.model import Finding, Money, Shipment
from clearance.model.money import round_cents
from clearance.refdata import ReferenceData


@dataclass
class Assessment:
    duty: EntryDuty
    valuation: ShipmentValuation | None
    conversions: list[Conversion] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    landed: dict[int, dict[str, Any]] = field(default_factory=dict)

    def all_findings(self) -> list[Finding]:
        return self.findings + self.duty.findings

    def summary(self) -> dict[str, Any]:
        """The duty result as JSON types, with each line's valuation build-up, landed cost and the conversions."""
        valuations = ({ln.number: v.evidence() for ln, v in zip(self.duty.lines, self.valuation.lines, strict=False)}
                      if self.valuation else None)
        result = summarise(self.duty, landed=self.landed, valuations=valuations)
        result["conversions"] = [c.evidence() for c in self.conversions]
        return result


def assess(shipment: Shipment, as_of: date, reference: ReferenceData, tables: DutyTables | None = None) -> Assessment:
    tables = tables or DutyTables(reference, as_of)
    findings: list[Finding] = []
    export_date = shipment.dates.export or as_of
    if shipment.dates.export is None and any(ln.value.currency != "USD" for ln in shipment.lines):
        findings.append(R.CURRENCY_MISSING.finding(
            f"no date of exportation: foreign currency converted at the rate for {as_of.isoformat()} instead",
            evidence={"used": as_of.isoformat()}, severity=R.W))
    conversions: list[Conversion] = []
    rates: list[ReferenceRates] = []  # opened on the first foreign amount: a US-dollar shipment needs no rate table

    def to_usd(amount: Money, where: str) -> Decimal | None:
        if amount.currency == "USD":
            return round_cents(amount.amount)
        try:
            if not rates:
                rates.append(ReferenceRates(reference))
            conversion = convert(amount, export_date, rates[0])
        except ExchangeRateNotFound as exc:
            findings.append(R.CURRENCY_MISSING.finding(f"{where}: {exc}", location=where,
                                                       evidence={"currency": exc.currency, "date": exc.day.isoformat()}))
            return None
        except DatasetNotLoaded as exc:
            findings.append(R.CURRENCY_MISSING.finding(f"{where}: {amount}: {exc}", location=where,
                                                       evidence={"currency": amount.currency}))
            return None
        if conversion.rate is not None:
            conversions.append(conversion)
        findings.extend(_caveat(c, where, conversion.evidence()) for c in conversion.caveats)
        return conversion.usd

    prices = [to_usd(ln.value, f"line {ln.number}") for ln in shipment.lines]
    elements_ok = True

    def element_usd(amount: Money) -> Decimal:
        nonlocal elements_ok
        value = to_usd(amount, "value elements")
        if value is None:
            elements_ok = False
            return Decimal(0)
        return value

    if any(p is None for p in prices):
        duty = EntryDuty(as_of, 0, shipment.entry_type or "", [], [], [])
        return Assessment(duty, None, conversions, findings)
    usd_prices = [p for p in prices if p is not None]
    elements = elements_in_usd(shipment.value_elements, element_usd)
    valuation = line_valuations(usd_prices, shipment.incoterm, elements)
    for caveat in valuation.caveats:
        findings.append(_caveat(caveat, "valuation", valuation.total.evidence()))
    lines = []
    for line, value in zip(shipment.lines, valuation.lines, strict=True):
        content = to_usd(line.duty.metal_content, f"line {line.number}") if line.duty.metal_content else None
        quantities = tuple(q for q in (line.quantity, line.net_weight) if q is not None)
        lines.append(DutyLineInput(
            line.number, value.value, line.country_of_origin, hts=line.hts_code, spi=line.spi,
            quantities=quantities, chapter99=tuple(line.duty.chapter99), metal_content_usd=content,
            section232_tier=line.duty.section232_tier, adcvd_case=line.adcvd_case, adcvd_rate=line.duty.adcvd_rate))
    entry = DutyEntryInput(as_of, shipment.mode, tuple(lines), entry_type=shipment.entry_type,
                           filing=shipment.entry_filing, reference_id=shipment.id)
    duty = calculate(entry, tables)
    result = Assessment(duty, valuation, conversions, findings)
    result.landed = _landed(shipment, duty, usd_prices, valuation)
    return result


def _caveat(caveat: Caveat, where: str, evidence: dict[str, Any]) -> Finding:
    """A currency or valuation caveat as a finding; the caveat's own code stays in the evidence."""
    if caveat.code == "DUTY.FX.UNCERTIFIED_RATE":
        rule = R.CURRENCY_UNCERTIFIED
    elif caveat.code.startswith("DUTY.FX."):
        rule = R.CURRENCY_RATE_CHOICE
    else:
        rule = R.VALUE_ADJUSTMENT
    return rule.finding(f"{where}: {caveat.message}", evidence={"code": caveat.code, **evidence},
                        location=where, severity=caveat.severity)


def _landed(shipment: Shipment, duty: EntryDuty, prices: list[Decimal],
            valuation: ShipmentValuation) -> dict[int, dict[str, Any]]:
    """Landed cost per line: price paid plus freight and insurance paid apart, duty and a share of fees."""
    total_value = sum((ln.dutiable_value for ln in duty.lines), Decimal(0))
    fees = duty.fee_total
    result: dict[int, dict[str, Any]] = {}
    for line, duty_line, price, value in zip(shipment.lines, duty.lines, prices, valuation.lines, strict=True):
        added = sum((s.amount for s in value.steps if s.sign == 0 and "freight" in s.label.lower()), Decimal(0))
        fee_share = fees * duty_line.dutiable_value / total_value if total_value else Decimal(0)
        landed = round_cents(price + added + duty_line.total + fee_share)
        item: dict[str, Any] = {"price_usd": f"{price:.2f}", "duty": f"{duty_line.total:.2f}",
                                "fees_share": f"{round_cents(fee_share):.2f}", "landed_cost": f"{landed:.2f}",
                                "complete": not duty_line.manual}
        if line.quantity.value:
            item["per_unit"] = f"{round_cents(landed / line.quantity.value):.2f} USD/{line.quantity.unit}"
        result[line.number] = item
    return result

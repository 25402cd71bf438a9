"""The duty result as JSON types: per line every component, per entry totals, fees and landed cost."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from clearance.duty.calculate import EntryDuty


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def summarise(duty: EntryDuty, *, valuations: dict[int, dict[str, Any]] | None = None,
              landed: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    lines = []
    for line in duty.lines:
        item: dict[str, Any] = {
            "line": line.number, "hts": line.hts, "origin": line.origin,
            "dutiable_value": money(line.dutiable_value), "rate_column": line.rate_column,
            "rate_text": line.rate_text, "mpf_exempt": line.mpf_exempt,
            "components": [{**{k: v for k, v in asdict(c).items() if k not in ("base", "amount")},
                            "base": f"{c.base:f}", "amount": money(c.amount)} for c in line.components],
            "duty": money(line.total), "manual_computation_required": list(line.manual),
        }
        if valuations and line.number in valuations:
            item["valuation"] = valuations[line.number]
        if landed and line.number in landed:
            item["landed_cost"] = landed[line.number]
        lines.append(item)
    return {
        "entry_date": duty.entry_date.isoformat(), "fiscal_year": f"FY{duty.fiscal_year}",
        "entry_type": duty.entry_type, "de_minimis": duty.de_minimis, "lines": lines,
        "fees": [{**{k: v for k, v in asdict(f).items() if k not in ("base", "amount")},
                  "base": money(f.base), "amount": money(f.amount)} for f in duty.fees],
        "totals": {
            "by_programme": {k: money(v) for k, v in duty.totals_by_programme().items()},
            "duty": money(duty.duty_total), "fees": money(duty.fee_total),
            "duties_taxes_fees": money(duty.grand_total), "complete": duty.complete,
        },
    }

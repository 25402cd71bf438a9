"""``clearance duty-uk``: UK or Northern Ireland import duty and VAT for one commodity, option by option."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.table import Table

from clearance.cli.common import guard, load_settings, parse_date, stdout
from clearance.errors import InputError, InputProblem

_QUANTITY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]{3}[A-Za-z]?)\s*$")


def duty_uk(
    commodity: Annotated[str, typer.Argument(help="10-digit commodity code, e.g. 0102291010.")],
    origin: Annotated[str, typer.Option(help="Country of origin, ISO 3166 alpha-2 (e.g. CN).")],
    import_date: Annotated[str, typer.Option("--date", help="Import date (YYYY-MM-DD): picks the measures in "
                                                          "force and the month's EUR to GBP rate.")],
    value: Annotated[str, typer.Option(help="Invoice price of the goods in GBP.")],
    shipping: Annotated[str, typer.Option(help="Transport cost to the place of import, GBP (part of the "
                                               "customs value).")] = "0",
    insurance: Annotated[str, typer.Option(help="Insurance to the place of import, GBP.")] = "0",
    quantity: Annotated[list[str] | None, typer.Option(help="A quantity with its TARIC unit, e.g. '2000 KGM', "
                                                            "'12.5 TNEI', '200 NAR'. Repeat for several units; "
                                                            "KGM also answers DTN and TNE.")] = None,
    vat: Annotated[str | None, typer.Option(help="VAT option code of the commodity (VAT, VATR, VATZ); needed "
                                                 "when it has several.")] = None,
    additional_code: Annotated[str | None, typer.Option(help="Additional code, e.g. the exporter's code of an "
                                                             "anti-dumping duty (B999).")] = None,
    document: Annotated[list[str] | None, typer.Option(help="Code of a document presented with the declaration "
                                                            "(e.g. U088 proof of origin, D008). Repeatable.")] = None,
    tariff: Annotated[str, typer.Option(help="uk (Great Britain) or xi (Northern Ireland).")] = "uk",
    as_json: Annotated[bool, typer.Option("--json", help="Print every option, term and note as JSON.")] = False,
) -> None:
    """Compute UK import duty and VAT from the tariff's measures, for every option the origin may claim.

    The customs value is value + shipping + insurance (CIF, GBP). Each option (third-country duty,
    preference, suspension, quota) shows its duty with the additional duties that apply on top
    (anti-dumping, safeguard), the import VAT on value plus duty, and any document or quota it
    needs. Euro amounts use the import month's EUR to GBP rate. What cannot be computed (an entry
    price condition, a Meursing component, a missing quantity) is named and not totalled.
    """
    from clearance.duty.uk import UkDutyRequest, calculate_uk, eur_rate, load_commodity
    from clearance.refdata import ReferenceData
    from clearance.store import open_database

    with guard(as_json=as_json):
        try:
            request = UkDutyRequest(
                tariff=tariff.lower(), commodity=commodity.replace(".", "").replace(" ", ""), origin=origin.upper(),
                import_date=parse_date(import_date, "--date"), goods_value=_money(value, "value"),
                shipping=_money(shipping, "shipping"), insurance=_money(insurance, "insurance"),
                quantities=_quantities(quantity or []), vat_option=vat.upper() if vat else None,
                additional_code=additional_code.upper() if additional_code else None,
                documents=frozenset(d.upper() for d in document or []))
        except ValidationError as exc:
            raise InputError("options", [InputProblem(".".join(map(str, e["loc"])), None, e["msg"])
                                         for e in exc.errors()]) from None
        reference = ReferenceData(open_database(load_settings()))
        found = load_commodity(reference, request.tariff, request.commodity)
        result = calculate_uk(request, found, eur_rate(reference, request.import_date))
    summary = summarise(result)
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    _print(summary)


def _money(text: str, name: str) -> Decimal:
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise InputError(f"--{name}", [InputProblem(f"--{name}", None, f"{text!r} is not an amount")]) from None
    if not amount.is_finite() or amount < 0:
        raise InputError(f"--{name}", [InputProblem(f"--{name}", None, f"{text!r} is not an amount ≥ 0")])
    return amount


def _quantities(texts: list[str]) -> dict[str, Decimal]:
    quantities: dict[str, Decimal] = {}
    for text in texts:
        found = _QUANTITY.match(text)
        if found is None:
            raise InputError("--quantity", [InputProblem("--quantity", None, f"{text!r} is not a quantity and a "
                                                                              "TARIC unit such as '2000 KGM'")])
        quantities[found.group(2).upper()] = Decimal(found.group(1))
    return quantities


def summarise(result: Any) -> dict[str, Any]:
    """The result as plain JSON-ready data (amounts as strings)."""
    request = result.request

    def duty(part: Any) -> dict[str, Any]:
        evaluation = part.evaluation
        return {"measure_sid": part.measure.sid, "measure_type": part.measure.type,
                "measure": part.measure.type_description, "area": part.measure.area_description,
                "expression": part.measure.expression, "citation": part.measure.citation,
                "amount": None if part.amount is None else str(part.amount),
                "terms": [{"text": t.text, "amount": str(t.amount)} for t in (evaluation.terms if evaluation else ())],
                "limit": evaluation.limit if evaluation else None, "needs": list(part.needs), "manual": part.manual}

    rate = result.eur_rate
    return {
        "tariff": request.tariff, "commodity": result.commodity.code, "description": result.commodity.description,
        "origin": request.origin, "import_date": request.import_date.isoformat(),
        "customs_value": str(result.customs_value.quantize(Decimal("0.01"))), "customs_value_basis": "goods + shipping + insurance (GBP)",
        "eur_gbp": None if rate is None else {"rate": str(rate.gbp_per_eur), "month": rate.month, "note": rate.note},
        "vat": {"option": result.vat_code, "rate": None if result.vat_rate is None else str(result.vat_rate),
                "note": result.vat_note},
        "options": [{"kind": o.kind, "duty": _text(o.duty), "vat": _text(o.vat), "total": _text(o.total),
                     "needs": list(o.needs), "manual_computation_required": list(o.manual),
                     "base": duty(o.base), "additional": [duty(a) for a in o.additional]} for o in result.options],
        "other_measures": [{"measure_sid": m.sid, "measure": m.label, "documents": sorted(
            {c.document for c in m.conditions if c.document})} for m in result.other_measures],
        "notes": list(result.notes),
    }


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _print(summary: dict[str, Any]) -> None:
    console = stdout()
    console.print(f"[bold]{summary['tariff'].upper()} {summary['commodity']}[/bold] {summary['description']}; "
                  f"origin {summary['origin']}, import {summary['import_date']}, customs value "
                  f"{summary['customs_value']} GBP", highlight=False)
    if summary["eur_gbp"]:
        rate = summary["eur_gbp"]
        console.print(f"EUR to GBP {rate['rate']} ({rate['month']})" + (f": {rate['note']}" if rate["note"] else ""),
                      highlight=False)
    table = Table()
    for column in ("option", "measure", "expression", "duty", "VAT", "total", "needs / not computed"):
        table.add_column(column, justify="right" if column in ("duty", "VAT", "total") else "left")
    for option in summary["options"]:
        base = option["base"]
        extra = [f"+ {a['measure']}: {a['amount'] or 'not computed'}" for a in option["additional"]]
        table.add_row(option["kind"], "\n".join([f"{base['measure']} ({base['area']})", *extra]),
                      base["expression"], option["duty"] or "-", option["vat"] or "-", option["total"] or "-",
                      "\n".join(option["needs"] + option["manual_computation_required"]))
    console.print(table)
    for note in ([summary["vat"]["note"]] if summary["vat"]["note"] else []) + summary["notes"]:
        console.print(f"note: {note}", highlight=False)

"""``clearance duty``, ``clearance refunds`` and ``clearance data rates``: duty for a shipment, IEEPA
refund claims for past entries, and loading a user's exchange-rate table."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from clearance.cli.check import (
    DirectionOpt,
    FileArg,
    IdOpt,
    LinesOpt,
    ModeOpt,
    _as_of,
    _read,
)
from clearance.cli.common import guard, load_settings, stderr, stdout
from clearance.errors import InputError, InputProblem

AsOfOpt = Annotated[str | None, typer.Option(help="Entry date the duty is computed for (YYYY-MM-DD). Default: "
                                              "the shipment's entry date.")]


def duty(
    path: FileArg,
    lines: LinesOpt = None,
    direction: DirectionOpt = None,
    mode: ModeOpt = None,
    shipment_id: IdOpt = None,
    as_of: AsOfOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full computation as JSON.")] = False,
) -> None:
    """Compute duties, Chapter 99 measures, AD/CVD deposits, MPF/HMF and landed cost for an import.

    Every component shows its HTS or Chapter 99 number, rate, base and citation; the value
    build-up (19 U.S.C. 1401a) and currency conversions (19 CFR 159) are in --json. Components
    that cannot be computed mechanically are named and left out of the totals, never counted as
    zero; the findings say why.
    """
    from clearance.duty import assess
    from clearance.refdata import ReferenceData
    from clearance.store import open_database

    with guard(as_json=as_json):
        shipment = _read(path, lines, direction, mode, shipment_id)
        day, source = _as_of(shipment, as_of)
        engine = open_database(load_settings())
        result = assess(shipment, day, ReferenceData(engine))
    summary = result.summary()
    findings = [f.model_dump(mode="json") for f in result.all_findings()]
    if as_json:
        typer.echo(json.dumps({"shipment": shipment.id, "as_of": day.isoformat(), "as_of_source": source,
                               **summary, "findings": findings}, indent=2))
        return
    _print(shipment.id, day, source, summary, findings)


def _print(shipment_id: str, day: date, source: str, summary: dict[str, Any], findings: list[dict]) -> None:
    console = stdout()
    console.print(f"[bold]{shipment_id}[/bold] entry {day.isoformat()} ({source}), {summary['fiscal_year']}, "
                  f"entry type {summary['entry_type']}", highlight=False)
    table = Table(show_lines=False)
    for column in ("line", "provision", "programme", "rate", "base", "amount"):
        table.add_column(column, justify="right" if column in ("base", "amount") else "left")
    for line in summary["lines"]:
        for c in line["components"]:
            table.add_row(str(line["line"]), c["provision"], c["programme"], c["rate_text"],
                          f"{c['base']} {c['base_label']}", c["amount"])
        for manual in line["manual_computation_required"]:
            table.add_row(str(line["line"]), manual, "[red]manual[/red]", "", "", "[red]not computed[/red]")
    for fee in summary["fees"]:
        table.add_row("entry", fee["code"], "fee", fee["rate_text"], fee["base"], fee["amount"])
    console.print(table)
    totals = summary["totals"]
    console.print(f"duty {totals['duty']}  fees {totals['fees']}  [bold]total {totals['duties_taxes_fees']} USD"
                  f"[/bold]" + ("" if totals["complete"] else "  [red](incomplete: see manual lines)[/red]"),
                  highlight=False)
    for line in summary["lines"]:
        landed = line.get("landed_cost")
        if landed:
            console.print(f"line {line['line']}: landed cost {landed['landed_cost']} USD"
                          + (f" ({landed['per_unit']})" if "per_unit" in landed else ""), highlight=False)
    for f in findings:
        console.print(f"[{f['severity']}] {f['rule_id']} {f['message']}", markup=False, highlight=False)


def refunds(
    paths: Annotated[list[Path], typer.Argument(help="Shipment JSON files of past entries.", show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the claim list CSV here "
                                                "(default: print it).")] = None,
) -> None:
    """List IEEPA duties deposited on past entries, per entry and line, as a refund claim CSV.

    Each entry is computed as of its entry date; components under IEEPA headings (9903.01 /
    9903.02, collection stopped for entries from 2026-02-24) are listed with the ground and citation.
    """
    from clearance.duty import assess
    from clearance.duty.refunds import claims_csv, refund_claims
    from clearance.inputs import read_shipment
    from clearance.refdata import ReferenceData
    from clearance.store import open_database

    with guard():
        engine = open_database(load_settings())
        reference = ReferenceData(engine)
        claims = []
        for path in paths:
            shipment = read_shipment(path)
            if shipment.dates.entry is None:
                raise InputError(str(path), [InputProblem("dates.entry", "entry",
                                                          "a past entry needs its entry date for a refund claim")])
            result = assess(shipment, shipment.dates.entry, reference)
            claims.extend(refund_claims(shipment.id, result.duty))
    text = claims_csv(claims)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        total = sum((c.deposited_usd for c in claims), start=0)
        stderr().print(f"{len(claims)} claim rows, {total:,.2f} USD, written to {output}")


def load_rates(
    path: Annotated[Path, typer.Argument(help="CSV rate table: date,currency,units_per_usd,quote_as_published,"
                                         "source,certified_by_frbny (or a quarterly table with a quarter column).",
                                         show_default=False)],
    edition: Annotated[str | None, typer.Option(help="Label of this table (default: the file name).")] = None,
    activate: Annotated[bool, typer.Option(help="Make it the active rate table.")] = True,
) -> None:
    """Load an exchange-rate table (e.g. FRBNY certified or CBP quarterly rates) for currency conversion.

    The table becomes a snapshot of fx_usd_daily or fx_usd_quarterly (by its header); earlier
    tables stay stored, so past conversions can still be explained.
    """
    from clearance.refdata.loaders.fx_rates import import_user_rates
    from clearance.store import open_database

    with guard():
        engine = open_database(load_settings())
        outcome = import_user_rates(engine, path, edition=edition or path.name, activate=activate)
    stderr().print(f"{outcome.dataset}: {outcome.record_count} rates stored as {outcome.snapshot_id}")

"""``clearance export-control ...``: licence determination for one item, and the CCL and Country
Chart facts it rests on."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer
from rich.table import Table

from clearance.cli.common import EXIT_FINDINGS, guard, load_settings, parse_date, stdout
from clearance.errors import InputError, InputProblem, ReferenceDataError

app = typer.Typer(help="Export controls (EAR/ITAR): licence determination per item, ECCN and Country Chart "
                  "look-ups.", no_args_is_help=True)


def _reference() -> Any:
    from clearance.refdata import ReferenceData
    from clearance.store import open_database

    settings = load_settings()
    return ReferenceData(open_database(settings), screening_cache=settings.screening_cache())


def _bad(field: str, message: str) -> InputError:
    return InputError("export-control", [InputProblem("option", field, message)])


def _value(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.replace(",", "").removeprefix("$"))
    except InvalidOperation:
        raise _bad("--value", f"'{text}' is not an amount in US dollars, e.g. 1800 or 1800.50") from None
    if value < 0:
        raise _bad("--value", "the value cannot be negative")
    return value


def _hits(reference: Any, names: list[str], country: str) -> list[Any]:
    from clearance.export_control.engine import screened_hits
    from clearance.screening.matcher import PartyQuery

    if not names:
        return []
    hits, lists = screened_hits(reference, [(name, PartyQuery(name=name, country=country[:2], ref=name))
                                            for name in names])
    if lists is None:
        raise ReferenceDataError("--end-user needs the denied-party lists: run 'clearance data import ../shared/data'")
    return hits


def determine(
    destination: Annotated[str, typer.Option("--destination", "-d", help="ISO alpha-2 country, or a 15 CFR 746.6 "
                                             "region: UA-43 Crimea, UA-40 Sevastopol, UA-14 DNR, UA-09 LNR.")],
    eccn: Annotated[str | None, typer.Option(help="ECCN, optionally with its paragraph (3A001.b.2), or EAR99.")] = None,
    usml: Annotated[str | None, typer.Option(help="USML category instead of an ECCN, e.g. XI or XI(a)(3).")] = None,
    value: Annotated[str | None, typer.Option(help="Net value in USD of the shipment of this ECCN (for LVS).")] = None,
    end_user: Annotated[list[str] | None, typer.Option("--end-user", help="Party name to screen against the "
                                                       "Entity, Denied Persons, Unverified, MEU and SDN lists; "
                                                       "repeatable.")] = None,
    exception: Annotated[str | None, typer.Option(help="Licence exception the export would use, e.g. LVS; "
                                                  "checked against the candidates.")] = None,
    temporary: Annotated[bool, typer.Option(help="Temporary export (offers TMP, 15 CFR 740.9).")] = False,
    replacement: Annotated[bool, typer.Option(help="Replacement parts (offers RPL, 15 CFR 740.10).")] = False,
    food_or_medicine: Annotated[bool, typer.Option(help="EAR99 food or medicine (excepted by some part 746 "
                                                   "rules).")] = False,
    as_of: Annotated[str | None, typer.Option(help="Export date YYYY-MM-DD; default today.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the determination as JSON.")] = False,
) -> None:
    """Determine whether an export needs a licence: NLR, licence required, exception candidate, prohibited
    or review.

    Steps, each cited: ITAR (a USML category means a DDTC licence); the ECCN's control rows
    against the Commerce Country Chart cell of the destination (15 CFR 738.4) and the rules
    written outside the chart; part 746 embargoes in force on the date; the end users' list
    hits (Entity List, Denied Persons, Unverified, MEU, SDN); and the licence exceptions that
    may be eligible, with their conditions. Exit 1 when the result is not NLR.
    """
    from clearance.export_control.determine import DeterminationError, Outcome, Request
    from clearance.export_control.determine import determine as run
    from clearance.model.export import LineExport

    with guard(as_json):
        day = parse_date(as_of, "--as-of") if as_of else date.today()
        if bool(eccn) == bool(usml):
            raise _bad("--eccn", "give exactly one of --eccn and --usml")
        reference = _reference()
        try:
            context = LineExport(license_exception=exception.upper() if exception else None, temporary=temporary,
                                 replacement=replacement, food_or_medicine=food_or_medicine)
        except ValueError as exc:
            raise _bad("--exception", str(exc).splitlines()[-1]) from None
        try:
            request = Request(destination=destination, as_of=day, eccn=eccn, usml=usml, value=_value(value),
                              export=context, hits=tuple(_hits(reference, end_user or [], destination.upper())))
            result = run(reference, request)
        except DeterminationError as exc:
            raise _bad("--eccn" if "ECCN" in str(exc) or "ECCN" in str(exc).upper() else "--destination",
                       str(exc)) from None
        if as_json:
            typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        else:
            _print(result)
        if result.outcome is not Outcome.NLR:
            raise typer.Exit(EXIT_FINDINGS)


def _print(result: Any) -> None:
    console = stdout()
    console.print(f"[bold]{result.outcome.value.upper()}[/bold]  {result.summary()}")
    console.print(f"authority: {result.authority}; chart columns: {', '.join(result.columns) or 'none'}")
    table = Table(show_header=True, header_style="bold", expand=False)
    for column in ("step", "effect", "what", "citation"):
        table.add_column(column, overflow="fold")
    for step in result.steps:
        table.add_row(step.kind, step.effect, step.text, step.citation)
    console.print(table)
    for name in result.other_exceptions:
        console.print(f"also named by the entry (not evaluated): {name}")
    console.print("snapshots: " + ", ".join(f"{k}={v}" for k, v in result.snapshots.items()))


def eccn(
    code: Annotated[str, typer.Argument(help="ECCN, e.g. 3A001 or 5A002.a")],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show an ECCN: what its characters mean, its reasons for control and chart columns, its control rows,
    LVS/GBS/STA and the other licence exceptions it names, and which eCFR date its licence fields are from."""
    from clearance.export_control.ccl import CclEntry
    from clearance.export_control.determine import CCL
    from clearance.export_control.eccn import EccnError, parse_eccn

    with guard(as_json):
        try:
            parsed = parse_eccn(code)
        except EccnError as exc:
            raise _bad("ECCN", str(exc)) from None
        facts = parsed.describe()
        if not parsed.is_ear99:
            record = _reference().get(CCL, parsed.code)
            if record is None:
                raise _bad("ECCN", f"{parsed.code} is not on the loaded Commerce Control List")
            entry = CclEntry.from_record(record)
            facts |= {"heading": entry.heading, "reasons_for_control": list(entry.reasons),
                      "chart_columns": record.get("chart_columns", []),
                      "controls": [{"reason": c.reason, "scope": c.scope, "chart": c.chart, "columns": list(c.columns)}
                                   for c in entry.controls],
                      "lvs": entry.lvs_text, "lvs_limits_usd": [str(v) for v in entry.lvs_limits],
                      "gbs": entry.gbs_text, "sta": entry.sta_text, "other_exceptions": list(entry.other_exceptions),
                      "licence_fields_as_of": entry.fields_as_of, "needs_verification": entry.needs_verification,
                      "note": entry.note}
        if as_json:
            typer.echo(json.dumps(facts, indent=2, ensure_ascii=False))
            return
        console = stdout()
        for key, val in facts.items():
            if key == "controls":
                for row in val:
                    console.print(f"  control: {row['scope']} => {row['chart']}")
            elif val not in ("", [], None):
                console.print(f"{key}: {val}")


def country(
    code: Annotated[str, typer.Argument(help="ISO alpha-2 country, or UA-43 / UA-40 / UA-14 / UA-09.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show a destination's Country Chart row (columns with an X, special case, footnotes) and Country Groups."""
    from clearance.export_control.destination import DestinationError, destination

    with guard(as_json):
        try:
            dest = destination(_reference(), code)
        except DestinationError as exc:
            raise _bad("COUNTRY", str(exc)) from None
        facts = {"destination": dest.code, "name": dest.name, "x_columns": sorted(dest.x),
                 "special_case": dest.special_case, "country_groups": sorted(dest.groups),
                 "footnotes": [{"number": n, "text": t} for n, t in dest.footnotes], "referred": dest.referred,
                 "bis_export_differs": sorted(dest.x ^ dest.bis_x) if dest.bis_x is not None else None}
        if as_json:
            typer.echo(json.dumps(facts, indent=2, ensure_ascii=False))
            return
        console = stdout()
        for key, val in facts.items():
            if val not in ("", [], None):
                console.print(f"{key}: {val}")

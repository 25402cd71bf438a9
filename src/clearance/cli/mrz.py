"""``clearance mrz``: read and verify the machine-readable zone of passports, ID cards and visas."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from clearance.cli.common import EXIT_FINDINGS, guard, parse_date, stdout
from clearance.errors import InputError, InputFileError, InputProblem

if TYPE_CHECKING:  # the parser is imported when the command runs, keeping --help fast
    from clearance.documents.mrz import MrzReport


def mrz(
    lines: Annotated[list[str] | None, typer.Argument(
        help="The MRZ lines, each in quotes ('<' is special to the shell).", show_default=False)] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", help="Text file holding the MRZ lines; '-' reads standard input.")] = None,
    record: Annotated[Path | None, typer.Option(
        "--record", help="Passenger record JSON (an object, or a list of objects: one report each) "
        "whose --field holds the MRZ as text with newlines or a list of lines.")] = None,
    field: Annotated[str, typer.Option(
        "--field", help="Dotted path of the MRZ inside each record, e.g. travel_document.mrz.")] = "mrz",
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Date the document is checked on (YYYY-MM-DD). Default: today, stated in the "
        "output.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON.")] = False,
) -> None:
    """Read and verify a travel document's machine-readable zone (ICAO Doc 9303).

    The format comes from the lines: TD1 ID card (3 x 30), TD2 (2 x 36),
    TD3 passport (2 x 44), MRV-A and MRV-B visas. Every field is shown with
    its raw and interpreted value; the check digits, dates, expiry on the
    check date, sex, name syntax, document code, issuing State and
    nationality (ISO 3166-1 plus ICAO codes such as D, XXA or UNO) are
    verified. Each finding's rule id is listed by 'clearance rules'.

    Examples (the first is the ICAO specimen passport):

      clearance mrz --as-of 2011-01-01 \\
        'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' \\
        'L898902C36UTO7408122F1204159ZE184226B<<<<<10'

      clearance mrz --record passengers.json --field travel_document.mrz --json

      cat mrz.txt | clearance mrz --file -

    Exit code 0 when every MRZ is valid, 1 when one has a finding at error
    severity, 2 for bad input.
    """
    from clearance.documents.mrz import parse_mrz

    with guard(as_json=as_json):
        day, day_source = _check_date(as_of)
        inputs = _inputs(lines, file, record, field)
        reports = [(source, parse_mrz(text, as_of=day)) for source, text in inputs]
    if as_json:
        typer.echo(json.dumps({"as_of": day.isoformat(), "as_of_source": day_source,
                               "valid": all(r.valid for _, r in reports),
                               "reports": [{"source": s, **r.to_dict()} for s, r in reports]}, indent=2))
    else:
        console = stdout()
        console.print(f"as of {day.isoformat()} ({day_source})", style="dim")
        for source, report in reports:
            _render(console, source, report)
    if not all(report.valid for _, report in reports):
        raise typer.Exit(EXIT_FINDINGS)


def _check_date(given: str | None) -> tuple[date, str]:
    if given is None:
        return date.today(), "today"  # the CLI's default only; parse_mrz never assumes a date
    return parse_date(given, "--as-of", "as_of"), "--as-of"


def _inputs(lines: list[str] | None, file: Path | None, record: Path | None,
            field: str) -> list[tuple[str, str | list[str]]]:
    """(source label, MRZ) pairs from exactly one of: arguments, --file, --record."""
    given = [name for name, value in (("MRZ lines", lines), ("--file", file), ("--record", record)) if value]
    if len(given) != 1:
        raise InputError("command line", [InputProblem("arguments", None, "give the MRZ lines, --file or "
                                                       f"--record (exactly one; got {len(given) or 'none'})")])
    if lines:
        return [("arguments", list(lines))]
    if file is not None:
        return [_read_text(file)]
    return _read_records(record, field) if record is not None else []


def _read_text(path: Path) -> tuple[str, str]:
    if str(path) == "-":
        text, source = sys.stdin.read(), "standard input"
    else:
        try:
            text, source = path.read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise InputFileError(str(path), f"cannot read the MRZ file: {exc}") from None
    if not text.strip():
        raise InputFileError(source, "no MRZ lines in the input")
    return source, text


def _read_records(path: Path, field: str) -> list[tuple[str, str | list[str]]]:
    from clearance.inputs.shipment_json import load_json

    data = load_json(path)
    records = data if isinstance(data, list) else [data]
    found: list[tuple[str, str | list[str]]] = []
    problems: list[InputProblem] = []
    for index, item in enumerate(records):
        where = f"[{index}].{field}" if isinstance(data, list) else field
        value = _lookup(item, field.split("."))
        text = isinstance(value, str) and bool(value.strip())
        if text or (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            found.append((f"{path} {where}", value))
        else:
            problems.append(InputProblem(where, field, "missing" if value is None else
                                         "expected the MRZ as text with newlines or a list of lines"))
    if problems:
        raise InputError(str(path), problems)
    if not found:
        raise InputFileError(str(path), "no passenger record in the file")
    return found


def _lookup(value: Any, path: list[str]) -> Any:
    for key in path:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and key.isdecimal() and int(key) < len(value):
            value = value[int(key)]
        else:
            return None
    return value


def _render(console: Console, source: str, report: MrzReport) -> None:
    from clearance.render.terminal import SEVERITY_STYLE

    verdict = "[bold green]valid[/]" if report.valid else "[bold red]INVALID[/]"
    console.print(f"\n[b]{escape(source)}[/b]: {report.format or 'unknown format'}, {verdict}")
    if report.fields:
        table = Table(show_lines=False)
        table.add_column("field", no_wrap=True)
        table.add_column("raw", overflow="fold")
        table.add_column("value", overflow="fold")
        table.add_column("finding")
        for fld in report.fields.values():
            marks = ", ".join(f"[{SEVERITY_STYLE[f.severity]}]{f.rule_id}[/]" for f in fld.findings) or "ok"
            table.add_row(fld.name, escape(fld.raw), escape("" if fld.value is None else str(fld.value)), marks)
        console.print(table)
    for f in report.findings:
        console.print(f"  [{SEVERITY_STYLE[f.severity]}]{f.severity.value}[/] {f.rule_id}: "
                      f"{escape(f.message)} [dim]({escape(f.location or '')}; {escape(f.citation)})[/dim]")

"""``clearance check`` and ``clearance validate``."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from clearance.cli.common import (
    EXIT_FINDINGS,
    guard,
    load_settings,
    parse_date,
    stderr,
    stdout,
)
from clearance.errors import InputError, InputProblem
from clearance.inputs import read_invoice_lines, read_shipment
from clearance.inputs.shipment_json import load_json, parse_shipment
from clearance.model import Direction, Severity, Shipment, TransportMode


class OutputFormat(StrEnum):
    TERMINAL = "terminal"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"


class FailOn(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    BLOCK = "block"
    NEVER = "never"


def _read(path: Path, lines: Path | None, direction: Direction | None, mode: TransportMode | None,
          shipment_id: str | None) -> Shipment:
    if path.suffix.lower() in (".csv", ".xlsx", ".xlsm"):
        if direction is None or mode is None:
            raise InputError(str(path), [InputProblem(
                "command line", "--direction/--mode",
                "an invoice-line file needs --direction and --mode (or use a shipment JSON)")])
        parsed = read_invoice_lines(path)
        return Shipment(id=shipment_id or path.stem, direction=direction, mode=mode, lines=parsed)
    if lines is None:
        return read_shipment(path)
    data = load_json(path)
    if not isinstance(data, dict):
        raise InputError(str(path), [InputProblem("(document root)", None, "expected a JSON object")])
    parsed = read_invoice_lines(lines)
    data["lines"] = [line.model_dump(mode="json", exclude_none=True) for line in parsed]
    return parse_shipment(data, str(path))


def _as_of(shipment: Shipment, given: str | None) -> tuple[date, str]:
    from clearance.pipeline import default_as_of

    if given:
        return parse_date(given, "--as-of", "as_of"), "--as-of"
    return default_as_of(shipment, date.today())


FileArg = Annotated[Path, typer.Argument(help="Shipment JSON, or an invoice-line .csv/.xlsx file.",
                                         show_default=False)]
LinesOpt = Annotated[Path | None, typer.Option("--lines", help="Invoice-line .csv/.xlsx whose lines "
                                               "replace the JSON shipment's lines.")]
DirectionOpt = Annotated[Direction | None, typer.Option(help="Needed for a .csv/.xlsx input.")]
ModeOpt = Annotated[TransportMode | None, typer.Option(help="Needed for a .csv/.xlsx input.")]
IdOpt = Annotated[str | None, typer.Option("--id", help="Shipment id for a .csv/.xlsx input "
                                           "(default: the file name).")]


def check(
    path: FileArg,
    lines: LinesOpt = None,
    direction: DirectionOpt = None,
    mode: ModeOpt = None,
    shipment_id: IdOpt = None,
    as_of: Annotated[str | None, typer.Option(help="Date the rules apply on (YYYY-MM-DD). Default: "
                                              "the entry date (imports) or export date (exports).")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")]
    = OutputFormat.TERMINAL,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this "
                                                "file instead of the terminal.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    fail_on: Annotated[FailOn, typer.Option(help="Exit 1 when a finding is at or above this "
                                            "severity ('never' to always exit 0).")] = FailOn.BLOCK,
) -> None:
    """Check a shipment with every engine and print an explained compliance report.

    The decision is HOLD for any blocking finding, REVIEW for any error or warning, and
    CLEAR otherwise. Reference data comes from the active snapshots in the data directory
    ('clearance data status'); checks whose data is missing say so as findings.
    """
    from clearance.pipeline import check as run_check
    from clearance.refdata import ReferenceData
    from clearance.render import render_terminal, render_text
    from clearance.store import open_database

    fmt = OutputFormat.JSON if as_json else output_format
    with guard(as_json=fmt is OutputFormat.JSON):
        shipment = _read(path, lines, direction, mode, shipment_id)
        day, source = _as_of(shipment, as_of)
        settings = load_settings()
        engine = open_database(settings)
        reference = ReferenceData(engine, screening_cache=settings.screening_cache())
        report = run_check(shipment, day, reference=reference, settings=settings)
    if fmt is OutputFormat.TERMINAL and output is None:
        console = stdout()
        console.print(f"as of {day.isoformat()} ({source})", style="dim")
        render_terminal(report, console)
    else:
        text = render_text(report, "json" if fmt is OutputFormat.TERMINAL else fmt.value)
        if output is None:
            typer.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
            stderr().print(f"report written to {output} (decision: {report.decision.value})")
    if fail_on is not FailOn.NEVER and report.at_or_above(Severity(fail_on.value)):
        raise typer.Exit(EXIT_FINDINGS)


def validate(
    path: FileArg,
    lines: LinesOpt = None,
    direction: DirectionOpt = None,
    mode: ModeOpt = None,
    shipment_id: IdOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Validate an input file against the shipment model without running any check.

    Prints every problem with its file, line or JSON path, and field; exit code 2 when the
    input is bad. Nothing is written.
    """
    with guard(as_json=as_json):
        shipment = _read(path, lines, direction, mode, shipment_id)
    summary = {"valid": True, "id": shipment.id, "lines": len(shipment.lines),
               "documents": [d.type for d in shipment.documents]}
    if as_json:
        import json

        typer.echo(json.dumps(summary, indent=2))
    else:
        stdout().print(f"{path}: valid shipment '{shipment.id}' with {len(shipment.lines)} line(s) "
                       f"and {len(shipment.documents)} document(s)")

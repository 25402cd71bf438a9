"""``clearance products approve|show|list|export``: the product master (approved classifications)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from clearance.cli.common import EXIT_BAD_INPUT, guard, load_settings, os_actor, stderr, stdout
from clearance.errors import InputError, InputProblem
from clearance.refdata import ReferenceData
from clearance.service.audit import record
from clearance.store import open_database
from clearance.store import product_master as pm

app = typer.Typer(help="Product master: approved classifications per part number, reused and exported.",
                  no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
HTS_DATASET = "hts_us"


def _warn(message: str) -> None:
    stderr().print(Text.assemble(("warning: ", "bold yellow"), message))


def _when(moment: datetime | None) -> str:
    return pm.iso_utc(moment).replace("T", " ").removesuffix("Z") if moment else ""


@app.command()
def approve(
    part_number: Annotated[str, typer.Argument(help="The part number (as on the invoice line).")],
    hts_code: Annotated[str, typer.Argument(help="10-digit HTS number, dots optional: 0101.21.00.10.")],
    rationale: Annotated[str, typer.Option("--rationale", help="Why this code: GRI, notes, rulings.")],
    by: Annotated[str, typer.Option("--by", help="Who approves the classification.")],
    description: Annotated[str | None, typer.Option(help="Description of the product.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Approve an HTS classification for a part number; a previous approval is superseded, not lost.

    The approval records the code, rationale, approver, time (now, UTC) and the active HTS
    revision. A code that is not a line of the active revision is approved with a warning
    on stderr (the revision may be older than the ruling); 'products show' lists the history.
    """
    warnings: list[str] = []
    with guard(as_json=as_json):
        engine = open_database(load_settings())
        reference = ReferenceData(engine)
        revision = reference.snapshot(HTS_DATASET)
        with engine.begin() as connection:  # the approval and its audit record, or neither
            approval = pm.approve(connection, part_number=part_number, hts_code=hts_code, rationale=rationale,
                                  approved_by=by, description=description,
                                  hts_revision=revision.id if revision is not None else None,
                                  at=datetime.now(UTC))
            if revision is None:
                warnings.append(f"no HTS revision is loaded; {approval.hts_display} was not checked against "
                                "the schedule ('clearance data import DIR' loads one)")
            elif not reference.lookup(HTS_DATASET, approval.hts_code):
                label = revision.edition or revision.id
                warnings.append(f"{approval.hts_display} is not a line of the active HTS revision ({label}); "
                                "approved anyway")
            record(connection, actor=by, action="classification.approved", subject=f"part:{approval.part_number}",
                   detail={"part_number": approval.part_number, "hts_code": approval.hts_display,
                           "rationale": rationale, "warnings": warnings, "via": "cli", "os_user": os_actor()},
                   snapshots={HTS_DATASET: revision.id} if revision is not None else {},
                   at=approval.approved_at)
        previous = pm.history(engine, approval.part_number)[1:2]
    for warning in warnings:
        _warn(warning)
    if as_json:
        typer.echo(json.dumps({**approval.as_dict(), "warnings": warnings}, indent=2))
        return
    console = stdout()
    console.print(Text.assemble(
        ("approved ", "bold green"), approval.part_number, " as ", (approval.hts_display, "bold"),
        f" by {approval.approved_by} at {_when(approval.approved_at)} UTC",
        f" (HTS revision {approval.hts_revision})" if approval.hts_revision else ""))
    if previous:
        old = previous[0]
        console.print(f"  supersedes {old.hts_display} approved by {old.approved_by} "
                      f"at {_when(old.approved_at)} UTC", markup=False)


@app.command()
def show(
    part_number: Annotated[str, typer.Argument(help="The part number.")],
    as_json: JsonOpt = False,
) -> None:
    """Show a part number's current approval and its history (newest first).

    Exit code 2 when the part number has never been approved.
    """
    with guard(as_json=as_json):
        engine = open_database(load_settings())
        approvals = pm.history(engine, part_number)
        if not approvals:
            raise InputError("command line", [InputProblem(
                "PART_NUMBER", None, f"no approved classification for part number '{part_number.strip()}'")])
    now = approvals[0] if approvals[0].is_current else None
    if as_json:
        typer.echo(json.dumps({"part_number": approvals[0].part_number,
                               "current": now.as_dict() if now else None,
                               "history": [a.as_dict() for a in approvals]}, indent=2))
        return
    console = stdout()
    if now:
        console.print(Text.assemble((now.part_number, "bold"), ": ", (now.hts_display, "bold green")))
        for label, value in (("description", now.description), ("rationale", now.rationale),
                             ("approved by", now.approved_by), ("approved at", f"{_when(now.approved_at)} UTC"),
                             ("HTS revision", now.hts_revision or "(none loaded)")):
            if value:
                console.print(f"  {label + ':':<14}{value}", markup=False)
    table = Table(title=f"History of {escape(approvals[0].part_number)}")
    for column in ("approved (UTC)", "HTS", "by", "superseded (UTC)", "rationale"):
        table.add_column(column, no_wrap=column != "rationale")
    for a in approvals:
        table.add_row(_when(a.approved_at), a.hts_display, Text(a.approved_by),
                      _when(a.superseded_at) or "current", Text(a.rationale))
    console.print(table)


@app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """List the approved catalogue: the current approval of every part number."""
    with guard(as_json=as_json):
        approvals = pm.catalogue(open_database(load_settings()))
    if as_json:
        typer.echo(json.dumps([a.as_dict() for a in approvals], indent=2))
        return
    if not approvals:
        stdout().print("no approved classifications yet ('clearance products approve PART CODE ...')")
        return
    count = len(approvals)
    table = Table(title=f"Product master ({count} part number{'' if count == 1 else 's'})")
    for column in ("part number", "HTS", "description", "approved by", "approved", "revision"):
        table.add_column(column, no_wrap=column not in ("description", "revision"))
    for a in approvals:
        table.add_row(Text(a.part_number), a.hts_display, Text(a.description or ""), Text(a.approved_by),
                      _when(a.approved_at)[:10], Text(a.hts_revision or ""))
    stdout().print(table)


@app.command()
def export(
    output: Annotated[Path, typer.Argument(help="File to write: .csv or .xlsx.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Export the approved catalogue (current approvals) to CSV or XLSX for an ERP.

    Columns: part_number, description, hts_code (dotted), hts_digits, rationale, approved_by,
    approved_at (ISO 8601 UTC), hts_revision. In XLSX every cell is text, so codes keep their
    leading zeros. An existing file is kept unless --force is given.
    """
    with guard():
        if output.suffix.lower() not in (".csv", ".xlsx"):
            raise InputError(str(output), [InputProblem("file", None, "export must be a .csv or .xlsx file")])
        if output.exists() and not force:
            stderr().print(f"error: {output} exists; pass --force to overwrite", markup=False)
            raise typer.Exit(EXIT_BAD_INPUT)
        count = pm.export(open_database(load_settings()), output)
    stderr().print(f"{count} approved classification(s) written to {output}", markup=False)

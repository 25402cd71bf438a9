"""``clearance schema|template|rules|version``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from clearance import __version__
from clearance.cli.common import guard, stderr, stdout


def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Print the JSON Schema of a shipment file (the input format of 'clearance check')."""
    from clearance.model import Shipment

    text = json.dumps(Shipment.model_json_schema(), indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        stderr().print(f"schema written to {output}")
    else:
        typer.echo(text, nl=False)


def template(
    output: Annotated[Path, typer.Argument(help="File to write: .csv or .xlsx.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write an invoice-line template (.csv or .xlsx) with one example row.

    The HTS column is text so leading zeros survive; fill one row per invoice line and
    check it with 'clearance check FILE --direction import --mode ocean' or merge it into
    a shipment with 'clearance check SHIPMENT.json --lines FILE'.
    """
    from clearance.inputs import TEMPLATE_COLUMNS, write_template

    if output.exists() and not force:
        stderr().print(f"error: {output} exists; pass --force to overwrite")
        raise typer.Exit(2)
    with guard():
        write_template(output)
    stderr().print(f"template written to {output} ({len(TEMPLATE_COLUMNS)} columns)")


def rules(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print docs/rules.md.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List every rule id with its severity, citation and meaning."""
    from clearance.rules_catalogue import all_rules, rules_markdown

    if markdown:
        typer.echo(rules_markdown(), nl=False)
        return
    if as_json:
        typer.echo(json.dumps([{"engine": e, "id": r.id, "severity": r.severity.value,
                                "citation": r.citation, "summary": r.summary}
                               for e, r in all_rules()], indent=2))
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Rules")
    for column in ("engine", "rule", "severity", "citation", "meaning"):
        table.add_column(column)
    for engine, rule in all_rules():
        table.add_row(engine, rule.id, rule.severity.value, escape(rule.citation), escape(rule.summary))
    stdout().print(table)


def version() -> None:
    """Print the Clearance version."""
    typer.echo(f"clearance {__version__}")

"""``clearance dg check`` and ``clearance dg show``: dangerous goods against the HMT."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.table import Table

from clearance.cli.check import FailOn
from clearance.cli.common import EXIT_FINDINGS, guard, load_settings, stdout
from clearance.errors import InputError, InputProblem, ReferenceDataError
from clearance.model import Severity

app = typer.Typer(help="Dangerous goods: check DG lines against the Hazardous Materials Table (49 CFR 172.101), "
                  "segregation and shipping papers; look up HMT entries.", no_args_is_help=True)

_SYMBOLS = {"+": "name, class and PG fixed (172.101(b)(1))", "A": "regulated only by aircraft (unless a hazardous "
            "substance or waste)", "D": "name for domestic transport only", "G": "technical name required "
            "(172.203(k))", "I": "name for international transport", "W": "regulated only by vessel (unless a "
            "hazardous substance or waste)"}


def _hmt():
    from clearance.dangerous_goods import Hmt
    from clearance.dangerous_goods.segregation import imdg_table
    from clearance.refdata import ReferenceData
    from clearance.store import open_database

    reference = ReferenceData(open_database(load_settings()))
    hmt = Hmt.from_reference(reference)
    if hmt is None:
        raise ReferenceDataError("the Hazardous Materials Table (dataset 'hmt_us') is not loaded: run "
                                 "'clearance data import ../shared/data'")
    return hmt, imdg_table(reference)


def _consignments(path: Path) -> list[Any]:
    """A DG consignment JSON object, a list of them, JSON Lines of them, or a shipment JSON."""
    from clearance.dangerous_goods import DGConsignment, from_shipment
    from clearance.inputs.common import decode_utf8, read_bytes
    from clearance.inputs.shipment_json import parse_shipment, validation_problems

    text = decode_utf8(read_bytes(path), str(path))
    try:
        documents = [json.loads(text)]
    except json.JSONDecodeError:
        documents = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                documents.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(str(path), [InputProblem(f"line {number}", None, f"malformed JSON: {exc.msg}")]) \
                    from None
    if len(documents) == 1 and isinstance(documents[0], list):
        documents = documents[0]
    found, problems = [], []
    for index, data in enumerate(documents):
        prefix = f"[{index}]." if len(documents) > 1 else ""
        if isinstance(data, dict) and "lines" in data and "direction" in data:
            consignment = from_shipment(parse_shipment(data, str(path)))
            if consignment is None:
                problems.append(InputProblem(f"{prefix}lines", "dangerous_goods", "the shipment has no line with "
                                             "dangerous_goods data"))
            else:
                found.append(consignment)
            continue
        try:
            found.append(DGConsignment.model_validate(data))
        except ValidationError as exc:
            problems += validation_problems(exc, prefix)
    if problems:
        raise InputError(str(path), problems)
    if not found:
        raise InputError(str(path), [InputProblem("(document root)", None, "no DG consignment in the file")])
    return found


def check(
    path: Annotated[Path, typer.Argument(help="DG consignment JSON (object, list or JSON Lines) or a shipment JSON.",
                                         show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    fail_on: Annotated[FailOn, typer.Option(help="Exit 1 when a finding is at or above this severity "
                                            "('never' to always exit 0).")] = FailOn.ERROR,
) -> None:
    """Check dangerous-goods lines against the HMT for their mode, segregation and the shipping paper.

    A consignment is {"id", "mode": highway|rail|vessel|air_passenger|air_cargo_only, "items": [...],
    "shipping_paper": {...}}; each item gives id_number, proper_shipping_name, hazard_class,
    subsidiary_hazards, packing_group, labels, marks, quantity_per_package ("5 L"), packages,
    container. Fields left out are not checked (and the result says so). A shipment JSON is
    checked through its lines' dangerous_goods data. When consignments carry expected_findings
    (test cases), the summary says how many agree.

    Example: clearance dg check ../shared/data/dangerous_goods/dg_validation_cases_hmt_derived.jsonl
    """
    from clearance.dangerous_goods import check_consignment

    with guard(as_json=as_json):
        consignments = _consignments(path)
        hmt, imdg = _hmt()
    results = [check_consignment(c, hmt, imdg) for c in consignments]
    findings = [f for r in results for f in r.findings]
    if as_json:
        payload = [{**r.summary(), "findings": [f.model_dump(mode="json") for f in r.findings]} for r in results]
        typer.echo(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2))
    else:
        _print(results)
    if fail_on is not FailOn.NEVER and any(f.severity.rank >= Severity(fail_on.value).rank for f in findings):
        raise typer.Exit(EXIT_FINDINGS)


def _print(results: list[Any]) -> None:
    console = stdout()
    many = len(results) > 1
    for result in results if not many else [r for r in results if r.findings][:20]:
        console.print(f"[bold]{result.consignment.id}[/bold] ({result.consignment.mode.value})")
        for item in result.items:
            found = item.entry.basic_description if item.entry else "no HMT entry"
            console.print(f"  {item.location}: {found}")
            for line in item.not_checked:
                console.print(f"    not checked: {line}", style="dim")
            for line in item.review:
                console.print(f"    {line}", style="dim")
        for finding in result.findings:
            console.print(f"  [{finding.severity.value}] {finding.rule_id} {finding.location or ''}: {finding.message} "
                          f"({finding.citation})")
    if many:
        rules = Counter(f.rule_id for r in results for f in r.findings)
        console.print(f"{len(results)} consignments, {sum(1 for r in results if not r.findings)} without findings; "
                      + ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items())))
        expected = [r for r in results if r.consignment.expected_findings is not None]
        if expected:
            from clearance.dangerous_goods.check import finding_types

            agree = sum(1 for r in expected if sorted(finding_types(r.findings)) == sorted(r.consignment.expected_findings))
            console.print(f"expected findings: {agree} of {len(expected)} consignments agree")


def show(
    query: Annotated[str, typer.Argument(help="An identification number (UN1090, NA1993) or a proper shipping name.",
                                         show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")] = False,
) -> None:
    """Show the HMT entries of an identification number or name, with special provisions resolved.

    Example: clearance dg show UN1090
    """
    with guard(as_json=as_json):
        hmt, _ = _hmt()
        key = query.strip().upper().replace(" ", "")
        entries = hmt.by_id(key) if key[:2] in ("UN", "NA", "ID") and key[2:].isdigit() else hmt.named(query)
        if not entries:
            see = hmt.see_reference(query)
            hint = f" (the HMT says: see {see})" if see else ""
            raise InputError("command line", [InputProblem("QUERY", None, f"no HMT entry for '{query}'{hint}")])
    if as_json:
        payload = [{**e.summary(), "forbidden": e.forbidden, "packaging_8a_8b_8c": [e.exceptions_8a, e.non_bulk_8b,
                    e.bulk_8c], "vessel_stowage": [e.vessel_stowage_10a, *e.vessel_stowage_10b],
                    "special_provision_text": {c: hmt.special_provisions.get(c) for c in e.special_provisions}}
                   for e in entries]
        typer.echo(json.dumps(payload, indent=2))
        return
    console = stdout()
    for entry in entries:
        table = Table(title=entry.basic_description, show_header=False, title_justify="left")
        table.add_column("column", style="bold")
        table.add_column("value")
        table.add_row("(1) symbols", "; ".join(f"{s}: {_SYMBOLS.get(s, s)}" for s in entry.symbols) or "none")
        table.add_row("(2) proper shipping name", entry.proper_shipping_name)
        table.add_row("(3) class or division", "Forbidden" if entry.forbidden else entry.hazard_class or "(blank)")
        table.add_row("(4) identification number", entry.id_number or "none")
        table.add_row("(5) packing group", entry.packing_group or "none")
        table.add_row("subsidiary hazards", ", ".join(entry.subsidiary_hazards) or "none")
        table.add_row("(6) label codes", ", ".join(entry.label_codes) or "none")
        table.add_row("(8A/8B/8C) packaging §173.", " / ".join(x or "-" for x in
                      (entry.exceptions_8a, entry.non_bulk_8b, entry.bulk_8c)))
        table.add_row("(9A) passenger aircraft/rail", entry.passenger_limit.text or "-")
        table.add_row("(9B) cargo aircraft only", entry.cargo_limit.text or "-")
        table.add_row("(10A/10B) vessel stowage", " / ".join([entry.vessel_stowage_10a or "-",
                                                               ", ".join(entry.vessel_stowage_10b) or "-"]))
        for code in entry.special_provisions:
            table.add_row(f"(7) SP {code}", hmt.special_provisions.get(code, "(text not loaded)"))
        console.print(table)

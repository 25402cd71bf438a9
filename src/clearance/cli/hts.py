"""``clearance hts load|revisions|show|search|diff``: the tariff schedule."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from clearance.cli.common import (
    EXIT_DATA,
    guard,
    load_settings,
    parse_date,
    stderr,
    stdout,
)
from clearance.errors import InputError, InputProblem
from clearance.model.codes import format_hts, normalise_hts
from clearance.refdata import ReferenceData
from clearance.store import open_database
from clearance.tariff.diff import diff_schedules
from clearance.tariff.notes import applicable_notes
from clearance.tariff.schedule import (
    Schedule,
    applied_rates,
    find_revision,
    load_revision,
    revision_in_force,
    revisions,
)
from clearance.tariff.search import search as search_schedule
from clearance.tariff.units import hts_unit

app = typer.Typer(help="The US tariff schedule (HTS): revisions, lines, search and changes.",
                  no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
AsOfOpt = Annotated[str | None, typer.Option(help="Use the revision in force on this date (YYYY-MM-DD); "
                                             "default: the active revision.")]


def _reference() -> ReferenceData:
    return ReferenceData(open_database(load_settings()))


def _schedule(reference: ReferenceData, as_of: str | None, revision: str | None = None) -> Schedule:
    if revision:
        found = find_revision(reference, revision)
        how = "named"
    elif as_of:
        found, how = revision_in_force(reference, parse_date(as_of, "--as-of"))
    else:
        found, how = find_revision(reference, "active"), "active"
    if found is None:
        stderr().print(f"error: no HTS revision found ({revision or as_of or 'active'}): {how}. "
                       "Run 'clearance data import DIR' or 'clearance hts load FILE'.")
        raise typer.Exit(EXIT_DATA)
    return Schedule(reference, found)


@app.command()
def load(
    path: Annotated[Path, typer.Argument(help="A USITC HTS export file: CSV or JSON, optionally gzipped.")],
    edition: Annotated[str, typer.Option(help="Revision label, e.g. '2025 Revision 19'.")],
    effective: Annotated[str | None, typer.Option(help="Date the revision took effect (YYYY-MM-DD).")] = None,
    activate: Annotated[bool, typer.Option(help="Make it the active revision.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Load another HTS revision (a USITC CSV or JSON export) as a snapshot of hts_us.

    The revision is kept beside the others; 'hts diff' compares two of them, and checks use
    the revision in force on their date (by --effective). It becomes the active revision only
    with --activate.
    """
    with guard(as_json=as_json):
        if not path.is_file():
            raise InputError(str(path), [InputProblem("file", None, "file not found")])
        when = parse_date(effective, "--effective") if effective else None
        outcome = load_revision(open_database(load_settings()), path, edition=edition, effective=when,
                                activate=activate)
    if as_json:
        typer.echo(json.dumps(asdict(outcome), indent=2))
    else:
        stdout().print(f"{outcome.status}: {outcome.snapshot_id} '{edition}' with {outcome.record_count:,} rows"
                       + (f", effective {when}" if when else ""), markup=False)
        for warning in outcome.warnings:
            stdout().print(f"  note: {warning}", markup=False)


@app.command("revisions")
def list_revisions(as_json: JsonOpt = False) -> None:
    """List the loaded HTS revisions with their effective dates."""
    with guard(as_json=as_json):
        known = revisions(_reference())
    if as_json:
        typer.echo(json.dumps([{**asdict(r), "effective": r.effective.isoformat() if r.effective else None}
                               for r in known], indent=2))
        return
    table = Table(title="HTS revisions")
    for column in ("snapshot", "edition", "effective", "active"):
        table.add_column(column)
    for r in known:
        table.add_row(r.snapshot_id, r.edition or "", r.effective.isoformat() if r.effective else "not recorded",
                      "yes" if r.active else "")
    stdout().print(table)


def _describe(line: dict[str, Any], schedule: Schedule) -> dict[str, Any]:
    units = [u.strip() for u in line.get("units", []) if u.strip()]
    chapter = schedule.reference.get("hs2022", line["code"][:2])
    return {
        "hts": format_hts(line["code"]), "revision": schedule.revision.label,
        "section": f"{chapter['section']} {chapter['section_name']}" if chapter else None,
        "chapter": f"{line['code'][:2]} {chapter['description']}" if chapter else line["code"][:2],
        "path": line["path"],
        "rates": applied_rates(line), "rates_from": format_hts(line["rates_from"]) if line.get("rates_from") else None,
        "units": [{"hts": u, "rec20": (m.rec20 if (m := hts_unit(u)) else None)} for u in units],
        "quota": line.get("quota") or None, "additional_duties": line.get("additional_duties") or None,
        "footnotes": [f.get("value", "").strip() for f in line.get("footnotes", [])],
        "statistical_lines": [format_hts(c["code"]) for c in schedule.statistical_under(line["code"])]
        if len(line["code"]) < 10 else [],
        **applicable_notes(schedule.reference, line["code"], chapter["section"] if chapter else None),
    }


@app.command()
def show(
    code: Annotated[str, typer.Argument(help="HTS number, dots optional: 8471.30.0100 or 84713001.")],
    as_of: AsOfOpt = None,
    revision: Annotated[str | None, typer.Option(help="Snapshot id, hash prefix or edition label.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show an HTS line: full description path, rates (and where they come from), units, footnotes."""
    with guard(as_json=as_json):
        try:
            digits = normalise_hts(code)
        except ValueError as exc:
            raise InputError("command line", [InputProblem("CODE", None, str(exc))]) from None
        schedule = _schedule(_reference(), as_of, revision)
        line = schedule.line(digits)
    if line is None:
        under = [ln for ln in schedule.lines() if (ln.get("code") or "").startswith(digits)]
        if not under:
            stderr().print(f"error: {format_hts(digits)} is not in HTS {schedule.revision.label}", markup=False)
            raise typer.Exit(2)
        # HS subheadings often have no row of their own in the HTS: show what lies under them.
        listing = [{"hts": format_hts(ln["code"]), "path": ln["path"]} for ln in under]
        if as_json:
            typer.echo(json.dumps({"hts": format_hts(digits), "revision": schedule.revision.label,
                                   "own_line": False, "lines_under": listing}, indent=2))
            return
        stdout().print(f"{format_hts(digits)} has no line of its own in HTS {schedule.revision.label}; "
                       f"lines under it:", markup=False)
        for item in listing:
            stdout().print(f"  {item['hts']:<14} {' > '.join(item['path'])}", markup=False)
        return
    info = _describe(line, schedule)
    if as_json:
        typer.echo(json.dumps(info, indent=2))
        return
    console = stdout()
    console.print(f"{info['hts']}  HTS {info['revision']}", markup=False, style="bold")
    if info["section"]:
        console.print(f"section {info['section']}; chapter {info['chapter']}", markup=False, style="dim")
    for depth, text in enumerate(info["path"]):
        console.print("  " * depth + ("└ " if depth else "") + text, markup=False, highlight=False)
    rates = info["rates"]
    inherited = f" (from {info['rates_from']})" if info["rates_from"] and info["rates_from"] != info["hts"] else ""
    console.print(f"general: {rates['general'] or '—'}   special: {rates['special'] or '—'}   "
                  f"column 2: {rates['column2'] or '—'}{inherited}", markup=False)
    console.print("units: " + (", ".join(f"{u['hts']} ({u['rec20'] or 'no Rec 20 mapping'})" for u in info["units"])
                               or "—"), markup=False)
    for note in info["footnotes"]:
        console.print(f"footnote: {note}", markup=False)
    if info["statistical_lines"]:
        console.print(f"statistical lines: {', '.join(info['statistical_lines'])}", markup=False)
    if info["notes"]:
        console.print(f"applicable notes ({len(info['notes'])}): {'; '.join(info['notes'])}", markup=False)
    for note in info["notes_citing_heading"]:
        console.print(f"- {note['note']} cites {info['hts'][:4]}: {_shorten(note['text'])}", markup=False)
    for item in info["exclusions_pointing_here"]:
        label = f"({item['item']})" if item["item"] else ""
        console.print(f"- excluded elsewhere to here: {item['note']}{label}: {_shorten(item['text'])}", markup=False)


def _shorten(text: str, width: int = 220) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to look for, e.g. 'cotton knitted shirts'.")],
    limit: Annotated[int, typer.Option(help="How many lines to show.")] = 20,
    digits: Annotated[int | None, typer.Option(help="Only lines of this length (4, 6, 8 or 10).")] = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Search the schedule's descriptions; each hit shows its full path. Lookup, not classification."""
    with guard(as_json=as_json):
        schedule = _schedule(_reference(), as_of)
        hits = search_schedule(schedule, text, limit=limit, digits=digits)
    if as_json:
        typer.echo(json.dumps([{"hts": format_hts(h.code), "score": round(h.score, 3), "path": h.line["path"]}
                               for h in hits], indent=2))
        return
    table = Table(title=escape(f"HTS {schedule.revision.label}: '{text}'"))
    table.add_column("hts", no_wrap=True)
    table.add_column("score")
    table.add_column("path")
    for h in hits:
        table.add_row(format_hts(h.code), f"{h.score:.2f}", escape(" > ".join(h.line["path"])))
    stdout().print(table)


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="Older revision: snapshot id, hash prefix or edition label.")],
    new: Annotated[str, typer.Argument(help="Newer revision (or 'active').")],
    limit: Annotated[int, typer.Option(help="Rows shown per kind of change (all with --json).")] = 15,
    as_json: JsonOpt = False,
) -> None:
    """Compare two loaded revisions: codes added, removed (with successors), re-described,
    rates changed, units changed. Chapters present in only one revision are listed, not diffed."""
    with guard(as_json=as_json):
        reference = _reference()
        before, after = _schedule(reference, None, old), _schedule(reference, None, new)
        result = diff_schedules(before, after)
    if as_json:
        typer.echo(json.dumps({
            "old": result.old, "new": result.new, "counts": result.counts(),
            "chapters_only_in_old": result.chapters_only_in_old, "chapters_only_in_new": result.chapters_only_in_new,
            "changes": [{"hts": format_hts(c.code), "kind": c.kind, "detail": c.detail,
                         "old": c.old and {"path": c.old["path"]}, "new": c.new and {"path": c.new["path"]}}
                        for c in result.changes]}, indent=2))
        return
    console = stdout()
    console.print(f"old: {result.old}\nnew: {result.new}", markup=False)
    if result.chapters_only_in_old or result.chapters_only_in_new:
        console.print(f"not compared: chapters only in old {result.chapters_only_in_old or '-'}, "
                      f"only in new {result.chapters_only_in_new or '-'}", markup=False)
    console.print(", ".join(f"{n} {k}" for k, n in result.counts().items()), markup=False)
    for kind in ("added", "removed", "redescribed", "rates", "units"):
        changes = result.of_kind(kind)
        if not changes:
            continue
        table = Table(title=f"{kind} ({len(changes)})")
        table.add_column("hts", no_wrap=True)
        table.add_column("detail")
        for c in changes[:limit]:
            table.add_row(format_hts(c.code), escape(_change_text(c)))
        console.print(table)


def _change_text(change: Any) -> str:
    if change.kind == "added":
        return " > ".join(change.new["path"])
    if change.kind == "removed":
        following = ", ".join(map(format_hts, change.detail.get("successors", []))) or "none found"
        return f"{' > '.join(change.old['path'])}  [successors: {following}]"
    if change.kind == "redescribed":
        return f"{change.old['description']} -> {change.new['description']}"
    if change.kind == "rates":
        return "; ".join(f"{col}: {v['old'] or '—'} -> {v['new'] or '—'}" for col, v in change.detail.items())
    return f"{change.detail['old']} -> {change.detail['new']}"

"""``clearance screen``: screen a party, or a file of parties, against every loaded list;
``clearance screening ...``: dispositions, their history, re-screening and the loaded lists."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from clearance.cli.common import EXIT_FINDINGS, guard, load_settings, os_actor, stderr, stdout
from clearance.errors import InputError, InputProblem, ReferenceDataError
from clearance.screening.entity import EntityType

app = typer.Typer(help="Screening review workflow: record dispositions of alerts (true match / false "
                  "positive), show their history, re-screen stored parties after a list update, list the "
                  "loaded lists.", no_args_is_help=True)


def _context() -> tuple[Any, Any]:
    """(database engine, LoadedScreener) or a clear error when no list is loaded."""
    from clearance.refdata import ReferenceData
    from clearance.screening.lists import screener_for
    from clearance.store import open_database

    settings = load_settings()
    database = open_database(settings)
    loaded = screener_for(ReferenceData(database, screening_cache=settings.screening_cache()))
    if loaded is None:
        raise ReferenceDataError("no sanctions or denied-party list is loaded: run "
                                 "'clearance data import ../shared/data' (or 'clearance data update')")
    return database, loaded


def _screen_all(database: Any, loaded: Any, queries: list[Any]) -> list[Any]:
    """Screen each party and apply the accept list (dispositions recorded as false positives)."""
    from clearance.screening.engine import screen_party

    return [screen_party(database, loaded.screener, query)[0] for query in queries]


def screen(
    name: Annotated[str | None, typer.Argument(help="Name of the party, e.g. \"Hamid AL-ALI\".")] = None,
    entity_type: Annotated[EntityType | None, typer.Option("--type", help="What the party is.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 country of nationality, address or "
                                                "registration.")] = None,
    dob: Annotated[str | None, typer.Option(help="Date of birth: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    identifier: Annotated[list[str] | None, typer.Option("--id", help="Passport, tax, registration or IMO "
                                                         "number; repeatable.")] = None,
    input_path: Annotated[Path | None, typer.Option("--input", help="Parties to screen: .csv (columns id, name, "
                                                    "type, country, dob, gender, identifiers) or .jsonl.")] = None,
    output: Annotated[Path | None, typer.Option(help="Batch results: .csv (one row per alert) or .jsonl (one "
                                                "object per party); default: JSON lines on stdout.")] = None,
    remember: Annotated[bool, typer.Option(help="Store the parties and their alerts for re-screening after "
                                           "list updates ('clearance screening rescreen').")] = False,
    fail_on: Annotated[str, typer.Option(help="Exit 1 when a party is in this band or above: review, block, "
                                         "never.")] = "block",
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Screen a party against every loaded sanctions and denied-party list.

    Each alert says which list entry it is (list, entry id, the list snapshot), how the names
    align token by token and which qualifiers (date of birth within a year, country, gender,
    entity type, identifiers) moved the score, and its band: review (a person must look) or
    block (stop: a strong match). A weak alias alone never blocks. Alerts recorded as false
    positives for the same party and an unchanged list entry are suppressed and reported as such.
    Batch mode (--input) shows a progress bar and keeps the caller's ids.
    """
    from clearance.screening.parties_file import read_parties

    with guard(as_json=as_json or input_path is not None):
        if (name is None) == (input_path is None):
            raise InputError("command line", [InputProblem("NAME / --input", None,
                                                           "give a name or --input FILE, not both")])
        if fail_on not in ("review", "block", "never"):
            raise InputError("command line", [InputProblem("--fail-on", None, "use review, block or never")])
        if input_path is not None:
            queries = read_parties(input_path)
        else:
            queries = [_party(name or "", entity_type, country, dob, identifier)]
        stderr().print("loading the lists (the first screening after a data import builds the index)...",
                       style="dim")
        database, loaded = _context()
        results = _run(database, loaded, queries, show_progress=input_path is not None)
        if remember:
            from clearance.store.screening import remember as store_party

            now = datetime.now(UTC)
            for result in results:
                store_party(database, result, loaded.lists.snapshots, now)
    snapshots = loaded.lists.snapshots
    if input_path is not None:
        _write_batch(results, snapshots, output)
    elif as_json:
        typer.echo(json.dumps(_json(results[0], snapshots), indent=2))
    else:
        _print(results[0], snapshots)
    bands = {r.band for r in results}
    if fail_on != "never" and ("block" in bands or (fail_on == "review" and "review" in bands)):
        raise typer.Exit(EXIT_FINDINGS)


def _run(database: Any, loaded: Any, queries: list[Any], *, show_progress: bool) -> list[Any]:
    if not show_progress:
        return _screen_all(database, loaded, queries)
    results: list[Any] = []
    with Progress(TextColumn("screening"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=stderr(), transient=True) as progress:
        task = progress.add_task("screen", total=len(queries))
        for start in range(0, len(queries), 500):
            chunk = queries[start:start + 500]
            results.extend(_screen_all(database, loaded, chunk))
            progress.update(task, advance=len(chunk))
    return results


def _json(result: Any, snapshots: dict[str, str]) -> dict[str, Any]:
    from clearance.screening.parties_file import result_json

    data = result_json(result, snapshots)
    data["suppressed"] = [{"entity_id": m.entity_id, "list": m.list, "score": round(m.score, 4),
                           "disposition": {"decision": d.decision, "reason": d.reason, "by": d.decided_by,
                                           "at": d.decided_at.isoformat()}}
                          for m, d in result.suppressed]
    return data


def _write_batch(results: list[Any], snapshots: dict[str, str], output: Path | None) -> None:
    from clearance.screening.parties_file import RESULT_COLUMNS, result_rows

    alerts = sum(1 for r in results if r.band != "clear")
    if output is not None and output.suffix.lower() == ".csv":
        with open(output, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=RESULT_COLUMNS)
            writer.writeheader()
            for result in results:
                writer.writerows(result_rows(result, snapshots))
    else:
        lines = (json.dumps(_json(r, snapshots)) for r in results)
        if output is None:
            for line in lines:
                typer.echo(line)
        else:
            with open(output, "w", encoding="utf-8") as handle:
                handle.writelines(line + "\n" for line in lines)
    where = f" into {output}" if output else ""
    stderr().print(f"{len(results)} party(ies) screened{where}: {alerts} with alerts "
                   f"({sum(1 for r in results if r.band == 'block')} block)")


def _print(result: Any, snapshots: dict[str, str]) -> None:
    from clearance.screening.parties_file import why

    console = stdout()
    style = {"clear": "green", "review": "yellow", "block": "bold red"}[result.band]
    console.print(f"[{style}]{result.band.upper()}[/{style}]  {result.query.name}  "
                  f"({len(result.matches)} alert(s); matcher {result.matcher_version})")
    if result.matches:
        table = Table(show_lines=True)
        for column in ("band", "score", "list entry", "matched name", "why"):
            table.add_column(column, overflow="fold")
        for m in result.matches:
            table.add_row(m.band, f"{m.score:.3f}", f"{m.entity_id}\n{snapshots.get(m.list, '')}",
                          f"{m.name}\n({m.name_role})", why(m))
        console.print(table)
    for m, d in result.suppressed:
        console.print(f"suppressed: {m.entity_id} ({m.score:.3f}) — false positive recorded by {d.decided_by} "
                      f"on {d.decided_at:%Y-%m-%d}: {d.reason}", style="dim")


def _party(name: str, entity_type: EntityType | None, country: str | None, dob: str | None,
           identifier: list[str] | None) -> Any:
    from clearance.screening.matcher import PartyQuery

    try:
        return PartyQuery(name=name, type=entity_type, country=country.upper() if country else None, dob=dob,
                          identifiers=identifier or [])
    except ValidationError as exc:  # name the bad option
        raise InputError("command line", [InputProblem("options", None, str(exc))]) from None


def dispose(
    name: Annotated[str, typer.Argument(help="The party's name, as screened.")],
    entity: Annotated[str, typer.Option(help="The alerted list entry id, e.g. ofac_sdn:10009.")],
    decision: Annotated[str, typer.Option(help="true_match or false_positive.")],
    reason: Annotated[str, typer.Option(help="Why: what was compared and what differs (kept for audit).")],
    user: Annotated[str, typer.Option(help="Who decides (kept with the decision).")],
    entity_type: Annotated[EntityType | None, typer.Option("--type", help="As screened.")] = None,
    country: Annotated[str | None, typer.Option(help="As screened.")] = None,
    dob: Annotated[str | None, typer.Option(help="As screened.")] = None,
    identifier: Annotated[list[str] | None, typer.Option("--id", help="As screened; repeatable.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the recorded disposition as JSON.")] = False,
) -> None:
    """Record a disposition of an alert: true match, or false positive with the reason.

    Dispositions are appended, never edited: a later one for the same party and entry supersedes
    the earlier, which stays in the history. A false positive suppresses the same alert for the
    same party (same name tokens, country, date of birth and type) while the list entry is
    unchanged; when the entry changes, the alert comes back as SCREEN.ENTRY_CHANGED.
    """
    from clearance.service.audit import record as audit_record
    from clearance.store.screening import record_disposition

    with guard(as_json=as_json):
        query = _party(name, entity_type, country, dob, identifier)
        database, loaded = _context()
        result = loaded.screener.screen(query)
        found = [m for m in [*result.matches, *(m for m, _ in result.suppressed)] if m.entity_id == entity]
        if not found:
            raise InputError("command line", [InputProblem("--entity", None, f"'{entity}' is not an alert of "
                                                           f"'{name}' with these attributes; screen it first")])
        match = found[0]
        with database.begin() as connection:  # the disposition and its audit record, or neither
            disposition = record_disposition(
                connection, query=query, entity=match.entity, snapshot_id=loaded.lists.snapshots.get(match.list),
                decision=decision, reason=reason, decided_by=user, at=datetime.now(UTC),
                matcher_version=result.matcher_version)
            audit_record(connection, actor=user, action="disposition.recorded",
                         subject=f"disposition:{disposition.id}",
                         detail={"party": name, "entity": entity, "decision": disposition.decision,
                                 "reason": reason, "via": "cli", "os_user": os_actor()},
                         snapshots={match.list: loaded.lists.snapshots.get(match.list) or ""},
                         at=disposition.decided_at)
    if as_json:
        typer.echo(json.dumps(disposition.as_dict(), indent=2))
    else:
        stdout().print(f"recorded #{disposition.id}: {disposition.decision} for '{name}' against {entity} "
                       f"by {disposition.decided_by}")


def history(
    name: Annotated[str | None, typer.Argument(help="Only this party (with the options below as screened).")] = None,
    entity: Annotated[str | None, typer.Option(help="Only this list entry id.")] = None,
    entity_type: Annotated[EntityType | None, typer.Option("--type")] = None,
    country: Annotated[str | None, typer.Option()] = None,
    dob: Annotated[str | None, typer.Option()] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List recorded dispositions, oldest first (the full history: nothing is ever deleted)."""
    from clearance.store import open_database
    from clearance.store.screening import dispositions, party_key

    with guard(as_json=as_json):
        key = party_key(_party(name, entity_type, country, dob, None)) if name else None
        found = dispositions(open_database(load_settings()), party_key=key, entity_id=entity)
    if as_json:
        typer.echo(json.dumps([d.as_dict() for d in found], indent=2))
        return
    table = Table()
    for column in ("#", "decided", "by", "party", "entry", "decision", "reason"):
        table.add_column(column, overflow="fold")
    for d in found:
        table.add_row(str(d.id), f"{d.decided_at:%Y-%m-%d %H:%M}", d.decided_by, d.party_name, d.entity_id,
                      d.decision, d.reason)
    stdout().print(table if found else "no dispositions recorded")


def rescreen(
    force: Annotated[bool, typer.Option(help="Screen every stored party, even those already screened on the "
                                        "current list snapshots.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
) -> None:
    """Screen the stored parties ('clearance screen --remember') again on the current lists and
    report only new, changed or cleared alerts. Run it after 'clearance data update'."""
    from clearance.store.screening import rescreen as run_rescreen

    with guard(as_json=as_json):
        database, loaded = _context()

        def screen_one(query: Any) -> Any:
            return _screen_all(database, loaded, [query])[0]

        with Progress(TextColumn("re-screening"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=stderr(), transient=True) as progress:
            task = progress.add_task("rescreen", total=None)
            report = run_rescreen(database, screen_one, loaded.lists.snapshots, datetime.now(UTC),
                                  lambda done, total: progress.update(task, completed=done, total=total), force=force)
    if as_json:
        typer.echo(json.dumps({"screened": report.screened, "skipped": report.skipped,
                               "changes": [c.as_dict() for c in report.changes]}, indent=2))
        return
    console = stdout()
    console.print(f"{report.screened} party(ies) re-screened, {report.skipped} skipped (already screened on "
                  f"these list snapshots), {len(report.changes)} change(s)")
    for c in report.changes:
        console.print(f"  {c.change:8} {c.band:6} {c.party_name} ({c.ref or '-'}) ~ {c.entity_id}: {c.detail}")


def lists(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The loaded lists screened against: dataset, snapshot, entries, names indexed."""
    with guard(as_json=as_json):
        _, loaded = _context()
    counts: dict[str, int] = {}
    for record in loaded.lists.entities:
        counts[record["list"]] = counts.get(record["list"], 0) + 1
    rows = [{"list": d, "snapshot": s, "entries": counts.get(d, 0)} for d, s in loaded.lists.snapshots.items()]
    if as_json:
        typer.echo(json.dumps({"lists": rows, "names_indexed": len(loaded.screener.index),
                               "csl_rows_left_to_ofac": loaded.lists.skipped_duplicates,
                               "matcher_version": loaded.screener.config.version}, indent=2))
        return
    table = Table()
    for column in ("list", "snapshot", "entries"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["list"], row["snapshot"], f"{row['entries']:,}")
    stdout().print(table)
    stdout().print(f"{len(loaded.screener.index):,} names indexed; {loaded.lists.skipped_duplicates:,} CSL rows "
                   f"left out (their OFAC list is loaded itself); matcher {loaded.screener.config.version}")

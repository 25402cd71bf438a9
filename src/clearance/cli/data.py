"""``clearance data import|update|status``: reference-data snapshots."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
import typer
from rich.progress import BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from clearance.cli.common import EXIT_DATA, guard, load_settings, os_actor, stderr, stdout
from clearance.errors import ReferenceDataError
from clearance.refdata import DATASETS, Dataset, import_dataset
from clearance.refdata.importer import ImportOutcome
from clearance.refdata.update import Skipped, update_datasets
from clearance.store import open_database
from clearance.store.schema import snapshot

app = typer.Typer(help="Reference data: import, update and inspect snapshots.", no_args_is_help=True)

DatasetOpt = Annotated[list[str] | None, typer.Option(
    "--dataset", "-d", help="Only this dataset (repeatable). Default: all declared datasets.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
EmbeddingsOpt = Annotated[bool, typer.Option(
    "--embeddings", help="Also compute the classifier's sentence embeddings (optional extra 'dense'; about 4 "
    "minutes on 2 cores for the full shared data, once per data version). 'classify' then scores hybrid-knn-6.")]


def _check_embeddings_possible(embeddings: bool) -> None:
    """Refuse --embeddings before any work when the encoder is not installed (nothing imported, nothing lost)."""
    from clearance.tariff.classifier import dense

    if embeddings and not dense.available():
        stderr().print(f"error: --embeddings: the sentence encoder is not installed; {dense.INSTALL_HINT}",
                       markup=False)
        raise typer.Exit(2)


def _selected(names: list[str] | None) -> list[Dataset]:
    if not names:
        return list(DATASETS)
    known = {d.name: d for d in DATASETS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise typer.BadParameter(f"unknown dataset(s) {', '.join(unknown)}; known: {', '.join(known)}",
                                 param_hint="--dataset")
    return [known[n] for n in names]


def _outcome_dict(item: ImportOutcome | Skipped) -> dict:
    data = asdict(item)
    data["status"] = data.get("status") or ("failed" if item.failed else "skipped")  # type: ignore[union-attr]
    return data


@app.command("import")
def import_(
    directory: Annotated[Path, typer.Argument(help="Folder laid out like shared/data "
                                              "(documents/, classification/hts_us/, ...).")],
    dataset: DatasetOpt = None,
    embeddings: EmbeddingsOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Import reference data from a folder laid out like shared/data (for offline machines).

    Each dataset is loaded, its record count checked against the declared range, and stored
    as a new snapshot that becomes active in the same transaction; the previous snapshot is
    kept. Sources identical to the active snapshot are reported 'unchanged'. Datasets whose
    files are absent from the folder are skipped with a note.
    """
    if not directory.is_dir():
        stderr().print(f"error: {directory} is not a directory")
        raise typer.Exit(2)
    _check_embeddings_possible(embeddings)
    selected = _selected(dataset)
    results: list[ImportOutcome | Skipped] = []
    failed = False
    with guard(as_json=as_json):
        engine = open_database(load_settings())
        with Progress(TextColumn("{task.description}"), TextColumn("{task.completed:,} records"),
                      TimeElapsedColumn(), console=stderr(), transient=True,
                      disable=as_json) as progress:
            for item in selected:
                if not item.present_in(directory):
                    missing = [s.path for s in item.sources if not (directory / s.path).is_file()]
                    results.append(Skipped(item.name, f"not in this folder: {', '.join(missing)}"))
                    continue
                task = progress.add_task(f"importing {item.name}", total=None)
                try:
                    results.append(import_dataset(
                        engine, item, directory, source_label=str(directory.resolve()),
                        progress=lambda _n, count, t=task: progress.update(t, completed=count)))
                except ReferenceDataError as exc:
                    failed = True
                    results.append(Skipped(item.name, str(exc), failed=True))
                progress.remove_task(task)
        _build_classifier_index(engine, as_json, embeddings)
        _build_screening_index(engine, as_json)
        _audit_imports(engine, results, f"import from {directory.resolve()}")
    _print_results(results, as_json)
    if failed:
        raise typer.Exit(EXIT_DATA)


def _audit_imports(engine: sa.Engine, results: list[ImportOutcome | Skipped], source: str) -> None:
    """One ``data.updated`` audit record naming the snapshots that became active (none: nothing to record)."""
    from datetime import UTC, datetime

    from clearance.service.audit import record

    imported = {r.dataset: r.snapshot_id for r in results if isinstance(r, ImportOutcome) and r.status == "imported"}
    if imported:
        record(engine, actor=os_actor(), action="data.updated", subject="reference-data",
               detail={"source": source, "datasets": sorted(imported)}, snapshots=imported, at=datetime.now(UTC))


def _build_classifier_index(engine: sa.Engine, quiet: bool, embeddings: bool) -> None:
    """Build (or find) the classifier's cached index for the active data, once per import; with
    ``embeddings``, also the examples' sentence embeddings, with a progress bar."""
    from clearance.refdata import ReferenceData
    from clearance.tariff.classifier import build_classifier

    reference = ReferenceData(engine)
    if not reference.has("hts_us"):
        return
    settings = load_settings()
    if not quiet:
        stderr().print("building the classifier index (once per data version)...", style="dim")
    if not embeddings:
        classifier = build_classifier(reference, cache_dir=settings.classifier_cache(), embeddings="off")
        if not quiet and classifier and _embeddings_left_behind(classifier.folder):
            stderr().print("note: the classifier's sentence embeddings are for an earlier data version; scoring is "
                           "lexical until 'clearance data import DIR --embeddings' computes them for this one",
                           style="yellow", markup=False)
        return
    with Progress(TextColumn("embedding the classifier's examples"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=stderr(), transient=True, disable=quiet) as progress:
        task = progress.add_task("embed", total=None)
        build_classifier(reference, cache_dir=settings.classifier_cache(), embeddings="build",
                         progress=lambda done, total: progress.update(task, completed=done, total=total))


def _embeddings_left_behind(folder: Path | None) -> bool:
    """Embeddings stored for another data version's index, none for this one (``folder``)."""
    from clearance.tariff.classifier.dense import stored_embeddings

    if folder is None or stored_embeddings(folder):
        return False
    return any(stored_embeddings(other) for other in folder.parent.iterdir() if other.is_dir() and other != folder)


def _build_screening_index(engine: sa.Engine, quiet: bool) -> None:
    """Build (or find) the stored screening index over the active lists, so that a later 'check' or
    'screen' reads it instead of preparing every list name again (``screening.stored``)."""
    from clearance.refdata import ReferenceData
    from clearance.screening.lists import SCREENING_DATASETS, screener_for

    reference = ReferenceData(engine, screening_cache=load_settings().screening_cache())
    if not any(reference.has(d) for d in SCREENING_DATASETS):
        return
    if not quiet:
        stderr().print("building the screening index (once per list version)...", style="dim")
    screener_for(reference)


@app.command()
def update(
    dataset: DatasetOpt = None,
    mirror: Annotated[str | None, typer.Option(help="Base URL serving files laid out like shared/data, "
                                               "used instead of the official URLs.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait on a silent connection.")] = 60.0,
    embeddings: EmbeddingsOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Download datasets from their official sources (or --mirror) and import them.

    Files are streamed into a staging folder with a progress bar and checked against a
    declared sha256 where the publisher gives one; a dataset's new snapshot becomes active
    only when all its files arrived and loaded, and the previous one is kept. Datasets
    without an official download in a supported format are skipped with the reason.
    """
    _check_embeddings_possible(embeddings)
    selected = _selected(dataset)
    settings = load_settings()
    with guard(as_json=as_json):
        engine = open_database(settings)
        with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                      TimeElapsedColumn(), console=stderr(), transient=True, disable=as_json) as progress:
            tasks: dict[str, int] = {}

            def on_bytes(name: str, done: int, total: int | None) -> None:
                if name not in tasks:
                    tasks[name] = progress.add_task(f"downloading {name}", total=total)
                progress.update(tasks[name], completed=done, total=total)

            results = update_datasets(engine, selected, settings.data_dir / "downloads",
                                      mirror=mirror, timeout=timeout, progress=on_bytes)
        _build_classifier_index(engine, as_json, embeddings)
        _build_screening_index(engine, as_json)
        _audit_imports(engine, results, f"update from {mirror or 'the official sources'}")
    _print_results(results, as_json)
    if any(isinstance(r, Skipped) and r.failed for r in results):
        raise typer.Exit(EXIT_DATA)


def _print_results(results: list[ImportOutcome | Skipped], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps([_outcome_dict(r) for r in results], indent=2))
        return
    table = Table(title="Reference data")
    for column in ("dataset", "status", "snapshot", "records", "seconds"):
        table.add_column(column, no_wrap=True)
    notes: list[str] = []
    for r in results:
        if isinstance(r, Skipped):
            table.add_row(r.dataset, "[red]failed[/]" if r.failed else "skipped", "", "", "")
            notes.append(f"{r.dataset}: {r.reason}")
        else:
            table.add_row(r.dataset, r.status, r.snapshot_id, f"{r.record_count:,}", f"{r.seconds:.2f}")
            notes += [f"{r.dataset}: {w}" for w in r.warnings]
    console = stdout()
    console.print(table)
    for note in notes:
        console.print(f"  note: {note}", markup=False)


@app.command()
def status(
    all_snapshots: Annotated[bool, typer.Option("--all", help="Also list superseded snapshots.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List declared datasets and their snapshots: edition, import time, counts, hashes."""
    with guard(as_json=as_json):
        engine = open_database(load_settings())
        with engine.connect() as connection:
            query = sa.select(snapshot).order_by(snapshot.c.dataset, snapshot.c.imported_at.desc())
            if not all_snapshots:
                query = query.where(snapshot.c.active)
            rows = connection.execute(query).all()
    by_dataset: dict[str, list[sa.Row]] = {}
    for row in rows:
        by_dataset.setdefault(row.dataset, []).append(row)
    entries = []
    for item in DATASETS:
        for row in by_dataset.get(item.name) or [None]:
            entries.append({
                "dataset": item.name, "title": item.title, "publisher": item.publisher,
                "official_url": item.official_url, "licence": item.licence, "format": item.format,
                "expected_count": list(item.expected_count),
                "snapshot": row.id if row else None, "active": bool(row and row.active),
                "edition": row.edition if row else None,
                "source_date": row.source_date.isoformat() if row and row.source_date else None,
                "imported_at": row.imported_at.isoformat() if row else None,
                "record_count": row.record_count if row else None,
                "sha256": row.sha256 if row else None, "source": row.source if row else None,
                "warnings": row.warnings if row else [],
            })
    if as_json:
        typer.echo(json.dumps(entries, indent=2))
        return
    table = Table(title="Reference-data snapshots")
    for column in ("snapshot", "state", "imported (UTC)", "records", "sha256"):
        table.add_column(column, no_wrap=True)
    for e in entries:
        state = "active" if e["active"] else ("superseded" if e["snapshot"] else "[red]not loaded[/]")
        table.add_row(e["snapshot"] or e["dataset"], state, (e["imported_at"] or "")[:19],
                      f"{e['record_count']:,}" if e["record_count"] else "", (e["sha256"] or "")[:16])
    console = stdout()
    console.print(table)
    for e in entries:
        if e["edition"]:
            console.print(f"  {e['dataset']}: {e['edition']}", markup=False)

"""Importing datasets into snapshots: hash, load, count-check, store, activate — atomically.

One dataset is one transaction: the snapshot row, all its records and the switch of the
active flag are committed together, so an import that fails or is killed half-way leaves
the previous snapshot active and complete. Importing the same sources again (same sha256)
changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path

import sqlalchemy as sa

from clearance.errors import CountAssertionError, ReferenceDataError
from clearance.refdata.dataset import Dataset
from clearance.store.schema import reference_record, snapshot

_BATCH = 5000

Progress = Callable[[str, int], None]  # (dataset name, records written so far)


@dataclass(frozen=True)
class ImportOutcome:
    dataset: str
    snapshot_id: str
    status: str  # "imported" or "unchanged"
    record_count: int
    seconds: float
    warnings: tuple[str, ...]


def sources_sha256(dataset: Dataset, root: Path) -> str:
    """Hash of the dataset's source files (names and bytes), or of its loader's output, and of
    the loader version, so a loader that reads more makes a new snapshot of the same files."""
    digest = hashlib.sha256(f"loader {dataset.loader_version}\0".encode())
    if not dataset.sources:
        result = dataset.loader({})
        for key, data in result.records:
            digest.update(json.dumps([key, data], sort_keys=True, default=str).encode())
        digest.update((result.edition or "").encode())
        return digest.hexdigest()
    for rel, path in sorted(dataset.source_paths(root).items()):
        digest.update(rel.encode() + b"\0")
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def active_snapshot(connection: sa.Connection, dataset: str) -> sa.Row | None:
    query = sa.select(snapshot).where(snapshot.c.dataset == dataset, snapshot.c.active)
    return connection.execute(query).first()


def _batches(items: Iterable[dict], size: int) -> Iterable[list[dict]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def import_dataset(
    engine: sa.Engine,
    dataset: Dataset,
    root: Path,
    *,
    source_label: str | None = None,
    progress: Progress | None = None,
    activate: bool = True,
    source_date: date | None = None,
    edition: str | None = None,
) -> ImportOutcome:
    """Load ``dataset`` from folder ``root`` into a new snapshot (or find it unchanged).

    ``activate=False`` stores the snapshot without making it the active one (an older tariff
    revision kept for diffs and past dates); ``source_date`` records when the source took
    effect and ``edition`` its label, when the loader cannot read them from the source itself.
    A given ``edition`` also relabels an unchanged snapshot: the user's label is the one of record.
    """
    started = datetime.now(UTC)
    missing = [str(p) for p in dataset.source_paths(root).values() if not p.is_file()]
    if missing:
        raise ReferenceDataError(f"{dataset.name}: source file(s) not found: {', '.join(missing)}")
    sha = sources_sha256(dataset, root)
    snapshot_id = f"{dataset.name}:{sha[:12]}"
    with engine.begin() as connection:
        current = active_snapshot(connection, dataset.name)
        if not activate:
            current = connection.execute(sa.select(snapshot).where(snapshot.c.id == snapshot_id)).first()
        if current is not None and current.sha256 == sha:
            if edition and edition != current.edition:
                connection.execute(snapshot.update().where(snapshot.c.id == current.id).values(edition=edition))
            return ImportOutcome(dataset.name, current.id, "unchanged", current.record_count,
                                 _elapsed(started), tuple(current.warnings))
        result = dataset.loader(dataset.source_paths(root))
        # A snapshot of these very sources may exist, superseded: bring it back rather than
        # storing the same records twice.
        existing = connection.execute(
            sa.select(snapshot).where(snapshot.c.id == snapshot_id)
        ).first()
        if existing is None:
            connection.execute(snapshot.insert().values(
                id=snapshot_id, dataset=dataset.name, edition=edition or result.edition,
                source_date=source_date or result.source_date, sha256=sha, record_count=0,
                imported_at=started, source=source_label or str(root),
                warnings=result.warnings, active=False,
            ))
            count = _write_records(connection, snapshot_id, dataset.name, result.records, progress)
        else:
            count = existing.record_count
            if edition:
                connection.execute(snapshot.update().where(snapshot.c.id == snapshot_id).values(edition=edition))
        low, high = dataset.expected_count
        if not low <= count <= high:
            raise CountAssertionError(
                f"{dataset.name}: {count} records, expected {low}..{high}; "
                "the source changed shape, so the previous snapshot stays active"
            )
        if activate:
            connection.execute(
                snapshot.update().where(snapshot.c.dataset == dataset.name).values(active=False)
            )
        connection.execute(
            snapshot.update().where(snapshot.c.id == snapshot_id)
            .values(active=activate, record_count=count, imported_at=started)
        )
    return ImportOutcome(dataset.name, snapshot_id, "imported" if activate else "stored", count,
                         _elapsed(started), tuple(result.warnings))


def _write_records(
    connection: sa.Connection, snapshot_id: str, name: str, records: Iterable, progress: Progress | None
) -> int:
    count = 0
    rows = (
        {"snapshot_id": snapshot_id, "seq": seq, "key": key, "data": data}
        for seq, (key, data) in enumerate(records)
    )
    for batch in _batches(rows, _BATCH):
        connection.execute(reference_record.insert(), batch)
        count += len(batch)
        if progress:
            progress(name, count)
    return count


def _elapsed(started: datetime) -> float:
    return (datetime.now(UTC) - started).total_seconds()

"""Read access to reference data for engines: the active snapshot of each dataset, or a named one.

Lookups are by key through the ``(snapshot_id, key)`` index and cached per accessor, so an
engine checking a thousand lines asks the database once per distinct code. The accessor
remembers which snapshots it served, and the report lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

from clearance.store.schema import reference_record, snapshot

T = TypeVar("T")


class ReferenceData:
    """The snapshots of a database, as engines see them. ``None`` engine = no data loaded."""

    def __init__(self, engine: sa.Engine | None, *, screening_cache: Path | None = None) -> None:
        """``screening_cache``: the folder where the screening index over the active lists is kept
        between processes (``Settings.screening_cache``, ``screening.stored``); None: every accessor
        that screens builds it in memory."""
        self._engine = engine
        self.screening_cache = screening_cache
        self._snapshots: dict[str, sa.Row | None] = {}
        self._listed: dict[str, list[sa.Row]] = {}
        self._cache: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._all: dict[str, list[dict[str, Any]]] = {}
        self._derived: dict[tuple[str, ...], Any] = {}
        self.used: set[str] = set()

    @property
    def database(self) -> sa.Engine | None:
        """The database the snapshots live in: engines that consult user decisions kept beside the
        reference data (the screening accept list) read them there."""
        return self._engine

    @classmethod
    def empty(cls) -> ReferenceData:
        return cls(None)

    def snapshot(self, dataset: str) -> sa.Row | None:
        """The active snapshot of ``dataset``."""
        if dataset not in self._snapshots:
            found = [s for s in self.snapshots(dataset) if s.active]
            self._snapshots[dataset] = found[0] if found else None
        return self._snapshots[dataset]

    def snapshots(self, dataset: str) -> list[sa.Row]:
        """Every snapshot of ``dataset``, oldest import first."""
        if self._engine is None:
            return []
        if dataset not in self._listed:  # read once per accessor, like the records
            with self._engine.connect() as connection:
                self._listed[dataset] = list(connection.execute(
                    sa.select(snapshot).where(snapshot.c.dataset == dataset).order_by(snapshot.c.imported_at)))
        return list(self._listed[dataset])

    def has(self, dataset: str) -> bool:
        return self.snapshot(dataset) is not None

    def lookup_in(self, snapshot_id: str, key: str) -> list[dict[str, Any]]:
        """All records with ``key`` in one snapshot, in source order."""
        cache_key = (snapshot_id, key)
        if cache_key not in self._cache:
            found: list[dict[str, Any]] = []
            if self._engine is not None:
                self.used.add(snapshot_id)
                with self._engine.connect() as connection:
                    rows = connection.execute(
                        sa.select(reference_record.c.data)
                        .where(reference_record.c.snapshot_id == snapshot_id, reference_record.c.key == key)
                        .order_by(reference_record.c.seq))
                    found = [r.data for r in rows]
            self._cache[cache_key] = found
        return self._cache[cache_key]

    def records_in(self, snapshot_id: str) -> list[dict[str, Any]]:
        """Every record of one snapshot in source order (read once per accessor)."""
        if snapshot_id not in self._all:
            records: list[dict[str, Any]] = []
            if self._engine is not None:
                self.used.add(snapshot_id)
                with self._engine.connect() as connection:
                    rows = connection.execute(
                        sa.select(reference_record.c.data)
                        .where(reference_record.c.snapshot_id == snapshot_id)
                        .order_by(reference_record.c.seq))
                    records = [r.data for r in rows]
            self._all[snapshot_id] = records
        return self._all[snapshot_id]

    def lookup(self, dataset: str, key: str) -> list[dict[str, Any]]:
        """All records with ``key`` in the dataset's active snapshot ([] if none or not loaded)."""
        snap = self.snapshot(dataset)
        return [] if snap is None else self.lookup_in(snap.id, key)

    def get(self, dataset: str, key: str) -> dict[str, Any] | None:
        found = self.lookup(dataset, key)
        return found[0] if found else None

    def derived(self, name: str, datasets: tuple[str, ...], build: Callable[[], T]) -> T:
        """An object built from the active snapshots of ``datasets`` (e.g. an index), built once per
        accessor and snapshot set, so a batch of checks does not rebuild it per shipment."""
        key = (name, *(getattr(self.snapshot(d), "id", "") for d in datasets))
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    def records(self, dataset: str) -> list[dict[str, Any]]:
        """Every record of the active snapshot, in source order (for small tables)."""
        snap = self.snapshot(dataset)
        return [] if snap is None else self.records_in(snap.id)

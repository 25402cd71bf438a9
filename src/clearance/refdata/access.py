"""Read access to reference data for engines: the active snapshot of each dataset.

Lookups are by key through the ``(snapshot_id, key)`` index and cached per accessor, so an
engine checking a thousand lines asks the database once per distinct code. The accessor
remembers which snapshots it served, and the report lists them.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from clearance.store.schema import reference_record, snapshot


class ReferenceData:
    """The active snapshots of a database, as engines see them. ``None`` engine = no data."""

    def __init__(self, engine: sa.Engine | None) -> None:
        self._engine = engine
        self._snapshots: dict[str, sa.Row | None] = {}
        self._cache: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.used: set[str] = set()

    @classmethod
    def empty(cls) -> ReferenceData:
        return cls(None)

    def snapshot(self, dataset: str) -> sa.Row | None:
        if dataset not in self._snapshots:
            row = None
            if self._engine is not None:
                with self._engine.connect() as connection:
                    row = connection.execute(
                        sa.select(snapshot).where(snapshot.c.dataset == dataset, snapshot.c.active)
                    ).first()
            self._snapshots[dataset] = row
        return self._snapshots[dataset]

    def has(self, dataset: str) -> bool:
        return self.snapshot(dataset) is not None

    def lookup(self, dataset: str, key: str) -> list[dict[str, Any]]:
        """All records with ``key`` in the dataset's active snapshot ([] if none or not loaded)."""
        cache_key = (dataset, key)
        if cache_key not in self._cache:
            found: list[dict[str, Any]] = []
            snap = self.snapshot(dataset)
            if snap is not None and self._engine is not None:
                self.used.add(snap.id)
                with self._engine.connect() as connection:
                    rows = connection.execute(
                        sa.select(reference_record.c.data)
                        .where(reference_record.c.snapshot_id == snap.id,
                               reference_record.c.key == key)
                        .order_by(reference_record.c.seq)
                    )
                    found = [r.data for r in rows]
            self._cache[cache_key] = found
        return self._cache[cache_key]

    def get(self, dataset: str, key: str) -> dict[str, Any] | None:
        found = self.lookup(dataset, key)
        return found[0] if found else None

    def records(self, dataset: str) -> list[dict[str, Any]]:
        """Every record of the active snapshot, in source order (for small tables)."""
        snap = self.snapshot(dataset)
        if snap is None or self._engine is None:
            return []
        self.used.add(snap.id)
        with self._engine.connect() as connection:
            rows = connection.execute(
                sa.select(reference_record.c.data)
                .where(reference_record.c.snapshot_id == snap.id)
                .order_by(reference_record.c.seq)
            )
            return [r.data for r in rows]

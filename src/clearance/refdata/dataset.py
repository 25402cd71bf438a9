"""Declared reference datasets.

A :class:`Dataset` says what a dataset is (publisher, official URL, licence, format), where
its files sit in a data folder laid out like ``shared/data`` and where the official copy is
downloaded from, how many records a sound copy has, and which loader reads it. The loader
yields records; the importer (``clearance.refdata.importer``) checks the count, hashes the
sources and stores the snapshot.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class SourceFile:
    """One file of a dataset: its path in a data folder and its official download URL."""

    path: str  # relative to the data folder, e.g. "documents/unlocode_geoapify_2024.csv.gz"
    url: str | None = None
    sha256: str | None = None  # expected checksum, when the publisher states one


@dataclass
class LoadResult:
    """What a loader produced: records as ``(key, data)`` plus what it noticed."""

    records: Iterator[tuple[str, dict[str, Any]]]
    edition: str | None = None
    source_date: date | None = None
    warnings: list[str] = field(default_factory=list)


Loader = Callable[[dict[str, Path]], LoadResult]


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    publisher: str
    official_url: str
    licence: str
    format: str
    expected_count: tuple[int, int]
    sources: tuple[SourceFile, ...]
    loader: Loader
    key: str  # what a record's key is, for people
    loader_version: str = "1"  # part of the snapshot hash: a loader change makes a new snapshot

    def source_paths(self, root: Path) -> dict[str, Path]:
        return {s.path: root / s.path for s in self.sources}

    def present_in(self, root: Path) -> bool:
        return all(p.is_file() for p in self.source_paths(root).values())


def open_text(path: Path) -> io.TextIOBase:
    """Open a text source, gunzipping it when it is gzip data; a BOM is dropped.

    Gzip is recognised by its magic bytes, not the name: an official download of plain CSV
    staged under a ``.csv.gz`` path of the data-folder layout still reads.
    """
    with open(path, "rb") as probe:
        compressed = probe.read(2) == b"\x1f\x8b"
    if compressed:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115


def audit_columns(
    seen: list[str] | set[str], used: set[str], required: set[str], source: str
) -> list[str]:
    """Warn about columns a loader does not use; fail on required columns that are missing."""
    from clearance.errors import ReferenceDataError

    missing = required - set(seen)
    if missing:
        raise ReferenceDataError(f"{source}: missing column(s) {', '.join(sorted(missing))}")
    unknown = [c for c in seen if c not in used]
    return [f"{source}: unknown column '{c}' ignored" for c in unknown]

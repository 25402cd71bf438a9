"""HTSUS legal notes (section, chapter, subheading, additional U.S. and statistical notes) as data.

Source: ``classification/hts_us/notes_usitc_2025/chapter_NN_notes.md`` (98 files; chapter 77 is
reserved), parsed by :mod:`clearance.tariff.notes`. One record per note. Key: ``chapter:NN`` for
chapter notes, ``section:<roman>`` for section notes, so a line's applicable notes are two lookups.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from clearance.refdata.dataset import LoadResult

FOLDER = "classification/hts_us/notes_usitc_2025"
CHAPTERS = tuple(f"{n:02d}" for n in range(1, 100) if n != 77)
PATHS = tuple(f"{FOLDER}/chapter_{c}_notes.md" for c in CHAPTERS)


def load(paths: dict[str, Path]) -> LoadResult:
    from clearance.tariff.notes import parse_notes_file

    def records() -> Iterator[tuple[str, dict[str, Any]]]:
        for rel in PATHS:
            for note in parse_notes_file(paths[rel]):
                key = f"section:{note.section}" if note.scope == "section" else f"chapter:{note.chapter}"
                yield key, asdict(note)

    return LoadResult(records(), edition="HTSUS 2025 notes text (USITC chapter PDFs, same revision as the CSV)")

"""The HTS as engines and commands see it: lines by code, paths, rates, revisions in force.

A revision is a snapshot of the ``hts_us`` dataset. Its ``source_date`` is the date the
revision took effect, when known. The revision in force on a date is the snapshot with the
latest effective date on or before it; a snapshot without a date (the shared export does not
state its revision date) stands in when no dated one applies, and the answer says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from clearance.model.codes import format_hts
from clearance.refdata import ImportOutcome, ReferenceData, dataset, import_dataset
from clearance.refdata.dataset import SourceFile
from clearance.refdata.loaders.hts import load_export_file

DATASET = "hts_us"
#: Rows a complete revision export has (the late-2025 CSV has 36,108; a 94-chapter JSON 29,883).
REVISION_COUNT = (20_000, 45_000)


@dataclass(frozen=True)
class Revision:
    snapshot_id: str
    edition: str | None
    effective: date | None
    active: bool

    @property
    def label(self) -> str:
        when = self.effective.isoformat() if self.effective else "effective date not recorded"
        return f"{self.edition or self.snapshot_id} [{self.snapshot_id}] ({when})"


def revisions(reference: ReferenceData) -> list[Revision]:
    return [Revision(s.id, s.edition, s.source_date, bool(s.active)) for s in reference.snapshots(DATASET)]


def load_revision(engine: sa.Engine, path: Path, *, edition: str, effective: date | None, activate: bool,
                  expected_count: tuple[int, int] = REVISION_COUNT) -> ImportOutcome:
    """Store one USITC export file (CSV or JSON) as a revision of ``hts_us`` with its label and date."""
    base = dataset(DATASET)
    single = replace(base, sources=(SourceFile(path.name),), expected_count=expected_count,
                     loader=lambda paths: load_export_file(paths[path.name]))
    return import_dataset(engine, single, path.parent, source_label=str(path.resolve()), activate=activate,
                          source_date=effective, edition=edition)


def revision_in_force(reference: ReferenceData, as_of: date) -> tuple[Revision | None, str]:
    """The revision in force on ``as_of`` and how it was chosen (for the evidence)."""
    known = revisions(reference)
    dated = [r for r in known if r.effective and r.effective <= as_of]
    if dated:
        chosen = max(dated, key=lambda r: r.effective or date.min)
        return chosen, f"latest revision effective on or before {as_of.isoformat()}"
    undated = [r for r in known if r.active and r.effective is None]
    if undated:
        return undated[0], "the active revision, whose effective date is not recorded"
    return None, f"no HTS revision in force on {as_of.isoformat()} is loaded"


def find_revision(reference: ReferenceData, ref: str) -> Revision | None:
    """A revision by snapshot id, hash prefix or edition label; 'active' for the active one."""
    known = revisions(reference)
    tests = (
        lambda r: ref == "active" and r.active,
        lambda r: r.snapshot_id == ref,
        lambda r: r.snapshot_id.split(":", 1)[-1].startswith(ref),
        lambda r: (r.edition or "") == ref,
    )
    for test in tests:
        found = [r for r in known if test(r)]
        if len(found) == 1:
            return found[0]
    return None


class Schedule:
    """One revision: lookups by code, and whole-revision scans for search and diff."""

    def __init__(self, reference: ReferenceData, revision: Revision) -> None:
        self.reference = reference
        self.revision = revision
        self._by_code: dict[str, dict[str, Any]] | None = None

    def lines(self) -> list[dict[str, Any]]:
        """Every row in schedule order (superior rows included)."""
        return self.reference.records_in(self.revision.snapshot_id)

    def by_code(self) -> dict[str, dict[str, Any]]:
        """Every line that has a code, by code (built once per schedule)."""
        if self._by_code is None:
            self._by_code = {ln["code"]: ln for ln in self.lines() if ln.get("code")}
        return self._by_code

    def line(self, code: str) -> dict[str, Any] | None:
        found = self.reference.lookup_in(self.revision.snapshot_id, code) if code else []
        return found[0] if found else None

    def statistical_under(self, code: str) -> list[dict[str, Any]]:
        """The 10-digit lines whose code starts with ``code``."""
        return [ln for c, ln in self.by_code().items() if len(c) == 10 and c.startswith(code)]


def applied_rates(line: dict[str, Any]) -> dict[str, str]:
    """General, Special and Column 2 rate text that applies to a line (inherited if needed)."""
    own = any(line.get(c) for c in ("general", "special", "column2"))
    return {c: (line.get(c) if own else line.get(f"{c}_applied")) or "" for c in ("general", "special", "column2")}


def display(code: str) -> str:
    return format_hts(code) if code else "(superior text)"

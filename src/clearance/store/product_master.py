"""Product master: classifications approved by a user, kept per part number and reused.

An approval records the 10-digit HTS code chosen for a part number, the rationale, who
approved it, when, and the HTS revision (``hts_us`` snapshot id) it was approved against.
Rows are never edited or deleted: approving a part number again marks the previous approval
superseded (``superseded_at``) and inserts a new row in the same transaction, so the current
approval is the one row without ``superseded_at`` and the rest are its history.

Time is always passed in (``at``); nothing here reads the clock. Times are stored and
returned in UTC.
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from clearance.errors import InputError, InputFileError, InputProblem
from clearance.model.codes import format_hts, normalise_hts
from clearance.store.db import transaction
from clearance.store.fields import as_utc, aware_utc, checked_text, iso_utc
from clearance.store.schema import product_classification as table

#: Columns of the exported catalogue, in order.
EXPORT_COLUMNS = ("part_number", "description", "hts_code", "hts_digits", "rationale",
                  "approved_by", "approved_at", "hts_revision")

_SOURCE = "product approval"
_MAX_LENGTH = {"part_number": 120, "approved_by": 120, "hts_revision": 80}


@dataclass(frozen=True)
class Approval:
    """One approved classification of a part number (current when ``superseded_at`` is None)."""

    id: int
    part_number: str
    description: str | None
    hts_code: str  # digits only: "0101210010"
    rationale: str
    approved_by: str
    approved_at: datetime  # UTC
    hts_revision: str | None
    superseded_at: datetime | None  # UTC

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def hts_display(self) -> str:
        """Dotted form: 0101.21.00.10."""
        return format_hts(self.hts_code)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (times as ISO 8601 UTC)."""
        return {
            "id": self.id, "part_number": self.part_number, "description": self.description,
            "hts_code": self.hts_display, "hts_digits": self.hts_code, "rationale": self.rationale,
            "approved_by": self.approved_by, "approved_at": iso_utc(self.approved_at),
            "hts_revision": self.hts_revision,
            "superseded_at": iso_utc(self.superseded_at) if self.superseded_at else None,
            "current": self.is_current,
        }


def _approval(row: sa.Row) -> Approval:
    return Approval(
        id=row.id, part_number=row.part_number, description=row.description, hts_code=row.hts_code,
        rationale=row.rationale, approved_by=row.approved_by, approved_at=as_utc(row.approved_at),
        hts_revision=row.hts_revision,
        superseded_at=as_utc(row.superseded_at) if row.superseded_at is not None else None,
    )


def _code(problems: list[InputProblem], hts_code: str) -> str | None:
    try:
        digits = normalise_hts(hts_code or "")
    except ValueError as exc:
        problems.append(InputProblem("hts_code", "hts_code", str(exc)))
        return None
    if len(digits) != 10:
        problems.append(InputProblem(
            "hts_code", "hts_code",
            f"'{hts_code}' has {len(digits)} digits; an approval needs a 10-digit statistical line "
            "(e.g. 0101.21.00.10)"))
        return None
    return digits


def approve(
    engine: sa.Engine | sa.Connection,
    *,
    part_number: str,
    hts_code: str,
    rationale: str,
    approved_by: str,
    description: str | None = None,
    hts_revision: str | None = None,
    at: datetime,
) -> Approval:
    """Record an approved classification; the part's previous approval (if any) is superseded.

    Every problem with the inputs is reported at once as an :class:`InputError` naming the field.
    ``at`` must be timezone-aware and not earlier than the current approval of the part. Given a
    connection, the approval is written in the caller's transaction (with its audit record).
    """
    at = aware_utc(at)
    problems: list[InputProblem] = []
    part = checked_text(problems, "part_number", part_number, required=True, max_length=_MAX_LENGTH)
    digits = _code(problems, hts_code)
    reason = checked_text(problems, "rationale", rationale, required=True, max_length=_MAX_LENGTH)
    who = checked_text(problems, "approved_by", approved_by, required=True, max_length=_MAX_LENGTH)
    about = checked_text(problems, "description", description, required=False, max_length=_MAX_LENGTH)
    revision = checked_text(problems, "hts_revision", hts_revision, required=False, max_length=_MAX_LENGTH)
    if problems:
        raise InputError(_SOURCE, problems)

    with transaction(engine) as connection:
        previous = connection.execute(
            sa.select(table).where(table.c.part_number == part, table.c.superseded_at.is_(None))
            .with_for_update()  # PostgreSQL: concurrent re-approvals of one part take turns
        ).all()
        for row in previous:
            if as_utc(row.approved_at) > at:
                raise InputError(_SOURCE, [InputProblem(
                    "approved_at", "approved_at",
                    f"{iso_utc(at)} is earlier than the current approval of {part} "
                    f"({iso_utc(row.approved_at)})")])
        if previous:
            connection.execute(
                table.update().where(table.c.id.in_([r.id for r in previous])).values(superseded_at=at))
        new_id = connection.execute(table.insert().values(
            part_number=part, description=about, hts_code=digits, rationale=reason, approved_by=who,
            approved_at=at, hts_revision=revision, superseded_at=None,
        )).inserted_primary_key[0]
        row = connection.execute(sa.select(table).where(table.c.id == new_id)).one()
    return _approval(row)


def current(engine: sa.Engine, part_number: str) -> Approval | None:
    """The part's current approval, or None if it was never approved."""
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(table)
            .where(table.c.part_number == part_number.strip(), table.c.superseded_at.is_(None))
            .order_by(table.c.id.desc()).limit(1)
        ).first()
    return _approval(row) if row else None


def history(engine: sa.Engine, part_number: str) -> list[Approval]:
    """Every approval of the part, newest first (the current one, if any, comes first)."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(table).where(table.c.part_number == part_number.strip()).order_by(table.c.id.desc())
        ).all()
    return [_approval(r) for r in rows]


def catalogue(engine: sa.Engine) -> list[Approval]:
    """The current approval of every part number, sorted by part number."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(table).where(table.c.superseded_at.is_(None)).order_by(table.c.part_number, table.c.id)
        ).all()
    approvals = [_approval(r) for r in rows]
    # Sort in Python too: database collations differ (PostgreSQL's locale vs SQLite's bytes).
    return sorted(approvals, key=lambda a: a.part_number)


def _export_row(approval: Approval) -> list[str]:
    return [approval.part_number, approval.description or "", approval.hts_display, approval.hts_code,
            approval.rationale, approval.approved_by, iso_utc(approval.approved_at),
            approval.hts_revision or ""]


def export(engine: sa.Engine, path: Path) -> int:
    """Write the catalogue (current approvals) to ``path`` (.csv or .xlsx); return the row count.

    Columns: :data:`EXPORT_COLUMNS`. ``hts_code`` is the dotted form, ``hts_digits`` the bare
    digits; in XLSX every cell is text (number format "@"), so leading zeros survive and no
    value is read as a number, date or formula. The file is written beside ``path`` and moved
    into place, so a failed export leaves any existing file as it was.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputFileError(str(path), "export must be a .csv or .xlsx file")
    rows = [_export_row(a) for a in catalogue(engine)]
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputFileError(str(path), f"folder {directory} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=directory)
    os.close(handle)
    try:
        if suffix == ".csv":
            _write_csv(Path(temporary), rows)
        else:
            _write_xlsx(Path(temporary), rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(rows)


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(rows)


def _write_xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "product_master"
    sheet.append(list(EXPORT_COLUMNS))
    for values in rows:
        sheet.append([v if v else None for v in values])  # empty cell, not an empty string
    for line in sheet.iter_rows():
        for cell in line:
            if cell.value is not None:
                cell.data_type = "s"  # text even when it starts with '=' (openpyxl would make a formula)
            cell.number_format = "@"
    sheet.freeze_panes = "A2"
    workbook.save(path)

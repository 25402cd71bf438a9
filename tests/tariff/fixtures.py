"""Small HTS exports in the USITC CSV layout, written by the tests (fictional-but-faithful lines)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from clearance.refdata import ReferenceData
from clearance.settings import Settings
from clearance.store import open_database
from clearance.tariff import schedule

HEADER = ["HTS Number", "Indent", "Description", "Unit of Quantity", "General Rate of Duty",
          "Special Rate of Duty", "Column 2 Rate of Duty", "Quota Quantity", "Additional Duties"]

# (code, indent, description, units, general, special, column 2)
OLD = [
    ("7326", 0, "Other articles of iron or steel:", "", "", "", ""),
    ("", 1, "Forged or stamped, but not further worked:", "", "", "", ""),
    ("7326.11.00", 2, "Grinding balls and similar articles for mills", "", "2.9%", "Free (A,AU)", "45%"),
    ("7326.11.00.00", 3, "Grinding balls", '["kg"]', "", "", ""),
    ("7326.90", 1, "Other:", "", "", "", ""),
    ("7326.90.86", 2, "Other", "", "2.9%", "Free (A,AU,S)", "45%"),
    ("7326.90.86.10", 3, "Hooks", '["kg"]', "", "", ""),
    ("7326.90.86.88", 3, "Other", '["kg"]', "", "", ""),
    ("6110", 0, "Sweaters, pullovers, sweatshirts and similar articles, knitted or crocheted:", "", "", "", ""),
    ("6110.20", 1, "Of cotton:", "", "", "", ""),
    ("6110.20.20", 2, "Other", "", "16.5%", "Free (S)", "50%"),
    ("6110.20.20.10", 3, "Sweaters for men", '["doz.","kg"]', "", "", ""),
    ("6110.20.20.79", 3, "Other", '["doz.","kg"]', "", "", ""),
    ("6110.20.20.80", 3, "Thousands of buttons", '["thousands"]', "", "", ""),
]


def new_revision() -> list[tuple]:
    """OLD with one line added, one removed (split), one re-described, one rate and one unit changed."""
    rows = [r for r in OLD if r[0] != "7326.90.86.10"]
    rows.insert(rows.index(OLD[7]), ("7326.90.86.11", 3, "Hooks of stainless steel", '["kg"]', "", "", ""))
    rows.insert(rows.index(OLD[7]), ("7326.90.86.15", 3, "Other hooks", '["kg"]', "", "", ""))
    rows = [(c, i, "Grinding balls, forged" if c == "7326.11.00.00" else d, u, g, s, c2) for c, i, d, u, g, s, c2 in rows]
    rows = [(c, i, d, u, "3.4%" if c == "7326.90.86" else g, s, c2) for c, i, d, u, g, s, c2 in rows]
    rows = [(c, i, d, '["No."]' if c == "6110.20.20.79" else u, g, s, c2) for c, i, d, u, g, s, c2 in rows]
    rows.append(("9401", 0, "Seats:", "", "", "", ""))
    rows.append(("9401.61.60.11", 1, "Chairs", '["No."]', "Free", "", "45%"))
    return rows


def write_export(path: Path, rows: list[tuple]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for code, indent, description, units, general, special, column2 in rows:
            writer.writerow([code, indent, description, units, general, special, column2, "", ""])
    return path


def load_revision(engine: sa.Engine, path: Path, edition: str, effective: date | None, activate: bool) -> str:
    """A fixture revision through the project's loader; far smaller than a real export, hence the range."""
    return schedule.load_revision(engine, path, edition=edition, effective=effective, activate=activate,
                                  expected_count=(1, 1000)).snapshot_id


def reference_with(settings: Settings, folder: Path, rows: list[tuple]) -> ReferenceData:
    """Reference data holding one active revision ("Rev", 2026-01-01) of the given rows."""
    engine = open_database(settings)
    load_revision(engine, write_export(folder / "r" / "hts.csv", rows), "Rev", date(2026, 1, 1), True)
    return ReferenceData(engine)

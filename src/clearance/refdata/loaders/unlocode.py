"""UN/LOCODE code list (UNECE), in the per-country CSV layout of geoapify/un-locode.

Columns: country, location, name, nameWoDiacritics, subdivision, status, function (8-char
classifier: 1 port, 2 rail, 3 road, 4 airport, 5 postal, 6 multimodal, 7 fixed transport,
B border crossing), iata, lat, lon, geocoded. Key: the 5-character LOCODE.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from clearance.refdata.dataset import LoadResult, audit_columns, open_text

PATH = "documents/unlocode_geoapify_2024.csv.gz"
_USED = {"country", "location", "name", "nameWoDiacritics", "subdivision", "status",
         "function", "iata", "lat", "lon", "geocoded"}
_REQUIRED = {"country", "location", "name", "function", "status"}


def load(paths: dict[str, Path]) -> LoadResult:
    path = paths[PATH]
    with open_text(path) as handle:
        header = next(csv.reader(handle))
    warnings = audit_columns(header, _USED, _REQUIRED, path.name)

    def records() -> Iterator[tuple[str, dict[str, Any]]]:
        with open_text(path) as handle:
            for row in csv.DictReader(handle):
                code = f"{row['country']}{row['location']}".upper()
                yield code, {
                    "locode": code,
                    "name": row.get("nameWoDiacritics") or row["name"],
                    "subdivision": row.get("subdivision") or None,
                    "status": row.get("status") or None,
                    "function": row["function"],
                    "iata": row.get("iata") or None,
                }

    return LoadResult(records(), edition="UN/LOCODE 2024-1 (probable; source does not state)",
                      warnings=warnings)

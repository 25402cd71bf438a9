"""HS 2022 nomenclature (WCO), six-digit tree with sections, as packaged by datasets/harmonized-system.

Source: ``classification/hs2022/harmonized-system.csv`` (section, hscode, description, parent,
level) and ``sections.csv`` (section, name). The descriptions are UN Comtrade's self-contained
paraphrases, not the WCO legal text. Key: the HS code (2, 4 or 6 digits) or ``section:<roman>``.
Each record carries its description path from the section down.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from clearance.refdata.dataset import LoadResult, audit_columns, open_text

TREE_PATH = "classification/hs2022/harmonized-system.csv"
SECTIONS_PATH = "classification/hs2022/sections.csv"


def load(paths: dict[str, Path]) -> LoadResult:
    with open_text(paths[SECTIONS_PATH]) as handle:
        reader = csv.DictReader(handle)
        warnings = audit_columns(reader.fieldnames or [], {"section", "name"}, {"section", "name"}, "sections.csv")
        sections = {row["section"]: row["name"] for row in reader}
    with open_text(paths[TREE_PATH]) as handle:
        reader = csv.DictReader(handle)
        columns = {"section", "hscode", "description", "parent", "level"}
        warnings += audit_columns(reader.fieldnames or [], columns, columns, "harmonized-system.csv")
        rows = [row for row in reader if row["hscode"] != "TOTAL"]

    def records() -> Iterator[tuple[str, dict[str, Any]]]:
        for roman, name in sections.items():
            yield f"section:{roman}", {"section": roman, "code": None, "description": name, "level": 0, "path": [name]}
        described = {row["hscode"]: row["description"] for row in rows}
        parents = {row["hscode"]: row["parent"] for row in rows}
        for row in rows:
            code, path, parent = row["hscode"], [row["description"]], row["parent"]
            while parent in described:
                path.insert(0, described[parent])
                parent = parents[parent]
            yield code, {"section": row["section"], "section_name": sections.get(row["section"]), "code": code,
                         "description": row["description"], "level": int(row["level"]), "parent": row["parent"],
                         "path": path}

    return LoadResult(records(), edition="HS 2022 (UN Comtrade H6 wording, datapackage 2022.0)", warnings=warnings)

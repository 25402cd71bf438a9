"""A small folder laid out like ``shared/data/dangerous_goods``: a handful of HMT rows as the
regulation prints them, in the shared files' CSV formats, for loader and CLI tests."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

from clearance.refdata import DATASETS, ReferenceData, import_dataset
from clearance.settings import Settings
from clearance.store import open_database

HMT_HEADER = ["id_number", "proper_shipping_name", "hazard_class", "forbidden", "symbols", "packing_group",
              "subsidiary_hazards", "label_codes", "special_provisions", "pkg_exceptions_8A", "pkg_non_bulk_8B",
              "pkg_bulk_8C", "qty_passenger_aircraft_rail_9A", "qty_cargo_aircraft_only_9B",
              "vessel_stowage_location_10A", "vessel_stowage_other_10B"]
HMT_ROWS = [
    ["UN1090", "Acetone", "3", "0", "", "II", "", "3", "IB2;T4;TP1", "150", "202", "242", "5 L", "60 L", "B", ""],
    ["UN1089", "Acetaldehyde", "3", "0", "", "I", "", "3", "B16;T11;TP2;TP7", "None", "201", "243", "Forbidden",
     "30 L", "E", ""],
    ["UN1830", "Sulfuric acid with more than 51 percent acid", "8", "0", "", "II", "", "8", "A3;A7;B3;B83;B84;IB2;N34;T8;TP2",
     "154", "202", "242", "1 L", "30 L", "C", "14"],
    ["UN3480", "Lithium ion batteries including lithium ion polymer batteries", "9", "0", "", "", "", "9",
     "388;422;A54;A100", "185", "185", "185", "Forbidden", "35 kg", "A", "156"],
    ["", "Sucrose octanitrate (dry)", "Forbidden", "1", "", "", "", "", "", "", "", "", "", "", "", ""],
]
SP_ROWS = [["A54", "Irrespective of the quantity limits in Column 9B ... may have a mass exceeding 35 kg if approved."],
           ["388", "Lithium batteries ..."], ["A3", "For combination packagings, if glass inner packagings ..."]]
SEE_ROWS = [["Accumulators, electric", "Batteries, wet etc"]]
CLASSES = ["3", "8", "9"]
SEGREGATION = {("3", "8"): "X", ("3", "9"): "X", ("8", "9"): "X", ("3", "3"): "X", ("8", "8"): "X", ("9", "9"): "X"}


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_dg_folder(root: Path, *, segregation: dict[tuple[str, str], str] | None = None,
                    hmt_header: list[str] | None = None) -> Path:
    folder = root / "dangerous_goods"
    header = hmt_header or HMT_HEADER
    _write(folder / "hmt_49cfr172101.csv", header, [row + [""] * (len(header) - len(row)) for row in HMT_ROWS])
    _write(folder / "hmt_special_provisions_49cfr172102.csv", ["code", "text"], SP_ROWS)
    _write(folder / "hmt_see_references.csv", ["term", "see"], SEE_ROWS)
    cells = segregation or SEGREGATION
    rows = [[a, b, cells.get((a, b), cells.get((b, a), "X")), ""] for a in CLASSES for b in CLASSES]
    _write(folder / "imdg_segregation_table_7_2_4_long.csv", ["class_a", "class_b", "code", "meaning"], rows)
    return root


DG_DATASET_NAMES = ("hmt_us", "hmt_special_provisions", "hmt_see_references", "imdg_segregation")


def import_dg_folder(settings: Settings, root: Path) -> ReferenceData:
    """Import the fixture folder, with the declared count ranges widened for its few rows."""
    engine = open_database(settings)
    for dataset in DATASETS:
        if dataset.name in DG_DATASET_NAMES:
            import_dataset(engine, replace(dataset, expected_count=(1, 1000)), root)
    return ReferenceData(engine)

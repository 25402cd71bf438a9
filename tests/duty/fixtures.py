"""A small duty reference-data folder (fictional-but-faithful lines; fee values as published).

The fee rows carry the published FY2024-FY2026 values of 19 CFR 24.23 (CBP Dec. 25-10 for
FY2026); HTS lines, product lists and cases are a handful chosen to exercise the rules.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from clearance.refdata import DATASETS, ReferenceData, import_dataset
from clearance.refdata.loaders import duty_lists
from clearance.settings import Settings
from clearance.store import open_database
from tests.tariff.fixtures import load_revision, write_export

HTS_ROWS = [
    ("0101", 0, "Live horses, asses, mules and hinnies:", "", "", "", ""),
    ("0101.30.00.00", 1, "Asses", '["No."]', "6.8%", "Free (A+,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)", "15%"),
    ("0102.29.40", 1, "Live cattle: other", "", "1¢/kg", "Free (A+,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)",
     "5.5¢/kg"),
    ("0102.29.40.54", 2, "Other: weighing 90 kg or more", '["No.","kg"]', "", "", ""),
    ("0406.10.38", 1, "Fresh cheese, American-type, other", "", "$1.055/kg", "Free (BH,CL,JO,MA,OM,P,PE,SG) 7¢/kg (KR)",
     "$1.241/kg"),
    ("0406.10.38.00", 2, "Fresh cheese", '["kg"]', "", "", ""),
    ("1701.91.48", 1, "Sugar with added flavouring, other", "", "25.5¢/kg + 4.4%", "Free (CA,MX)", "35.5¢/kg + 5.6%"),
    ("1701.91.48.00", 2, "Other", '["kg"]', "", "", ""),
    ("2204.21.50", 1, "Wine in containers not over 2 liters, other", "", "6.3¢/liter", "Free (AU,CL,IL)", "$1.32/liter"),
    ("2204.21.50.40", 2, "Red wine", '["liters"]', "", "", ""),
    ("7326.90.86", 1, "Other articles of iron or steel, other", "", "2.9%", "Free (A,AU,S)", "45%"),
    ("7326.90.86.88", 2, "Other", '["kg"]', "", "", ""),
    ("8414.51.30", 1, "Table fans", "", "4.7%", "Free (A,AU,S)", "35%"),
    ("8414.51.30.00", 2, "Table fans", '["No."]', "", "", ""),
    ("8544.42.90", 1, "Insulated conductors with connectors, other", "", "2.6%",
     "Free (A,AU,B,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)", "35%"),
    ("8544.42.90.10", 2, "Extension cords", '["No."]', "", "", ""),
    ("8544.42.90.90", 2, "Other", '["No."]', "", "", ""),
    ("9403.60.80", 1, "Other wooden furniture", "", "Free", "", "40%"),
    ("9403.60.80.81", 2, "Other", '["No."]', "", "", ""),
]

FEES = [
    ["fee", "class_code", "cfr", "fy14_base", "FY2024", "FY2025", "FY2026", "status_FY2026", "source_FY2026"],
    ["MPF formal ad valorem rate", "499", "19 CFR 24.23(b)(1)(i)(A)", "0.3464%", "0.3464%", "0.3464%", "0.3464%",
     "verified", ""],
    ["MPF formal minimum", "499", "19 CFR 24.23(b)(1)(i)(B)(1)", "25.00", "31.67", "32.71", "33.58", "verified", ""],
    ["MPF formal maximum", "499", "19 CFR 24.23(b)(1)(i)(B)(1)", "485.00", "614.35", "634.62", "651.50", "verified", ""],
    ["Informal entry/release - automated not prepared by CBP", "311", "19 CFR 24.23(b)(2)(i)", "2.00", "", "2.62",
     "2.69", "verified", ""],
    ["Informal entry/release - manual not prepared by CBP", "311", "19 CFR 24.23(b)(2)(ii)", "6.00", "", "7.85",
     "8.06", "derived", ""],
    ["Informal entry/release - prepared by CBP", "311", "19 CFR 24.23(b)(2)(iii)", "9.00", "", "11.78", "12.09",
     "derived", ""],
    ["Surcharge for manual entry or release", "500", "19 CFR 24.23(b)(1)(ii)", "3.00", "", "3.93", "4.03", "derived", ""],
    ["Harbor Maintenance Fee (ocean/port use)", "501", "19 CFR 24.24", "0.125%", "0.125%", "0.125%", "0.125%",
     "statutory", ""],
]

SPI = [
    ["spi", "program", "hts_general_note", "mpf_exempt", "status_note"],
    ["A / A* / A+", "GSP", "GN 4", "only LDBDC (A+) products exempt", ""],
    ["AU", "U.S.-Australia FTA", "GN 28", "yes - 19 CFR 24.23(c)(8)", ""],
    ["KR", "KORUS", "GN 33", "yes - 19 CFR 24.23(c)(12)", ""],
    ["JO", "U.S.-Jordan FTA", "GN 18", "no", ""],
    ["S / S+", "USMCA", "GN 11", "yes (originating goods)", ""],
]


def _write(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def write_duty_data(root: Path) -> Path:
    _write(root / duty_lists.FEES_PATH, FEES)
    _write(root / duty_lists.SPI_PATH, SPI)
    _write(root / duty_lists.S301_PATH, [["hts8", "s301_rate"], ["85444290", "25.0"], ["01013000", "7.5"],
                                         ["84145130", "25.0"]])
    _write(root / duty_lists.S301_EXCLUSIONS_PATH, [["HTSUS", "Description"],
                                                    ["8414.51.3000", "Table fans (fictional exclusion)"]])
    _write(root / duty_lists.S232_PATH, [["hts8", "s232_rate", "category"], ["73269086", "50.0", "Steel-Derivative"],
                                         ["9403", "25.0", "Wood-Furniture/Cabinets"],
                                         ["85423100", "25.0", "Semiconductors"], ["8418", "50.0", "Steel-Derivative"]])
    _write(root / duty_lists.S122_PATH, [["HTSUS", "Description", "Scope Limitations"],
                                         ["9903.03.01", "Surcharge heading", "+ 10%"],
                                         ["0406.10.38", "Cheese (fictional Annex II entry)", ""]])
    _write(root / duty_lists.ADCVD_PATH, [["hts_prefix", "country", "case_desc"],
                                          ["940360", "CN", "Wooden bedroom furniture"]])
    write_export(root / "hts.csv", HTS_ROWS)
    return root


DUTY_NAMES = ("cbp_user_fees", "spi_codes", "s301_products", "s301_exclusions", "s232_products",
              "s122_exemptions", "adcvd_warnings")


def duty_reference(settings: Settings, root: Path, *, effective: date | None = date(2018, 1, 1)) -> ReferenceData:
    engine: sa.Engine = open_database(settings)
    write_duty_data(root)
    for dataset in DATASETS:
        if dataset.name in DUTY_NAMES:
            import_dataset(engine, replace(dataset, expected_count=(1, 1000)), root)
    load_revision(engine, root / "hts.csv", "fixture", effective, True)
    return ReferenceData(engine)

"""Duty reference tables from the shared ``duty/`` folder: CBP user fees, SPI codes, and the
third-party Section 301 / 232 / 122 product lists and AD/CVD case warnings.

Sources and their limits are in ``duty/PROVENANCE.md``. The product lists are third-party
compilations of USTR and proclamation annexes (``joyahacs/tariff-simulator``); the duty engine
treats them as evidence of coverage with their stated confidence, never as the law itself.
"""

from __future__ import annotations

import csv
from pathlib import Path

from clearance.refdata.dataset import LoadResult, audit_columns, open_text

FEES_PATH = "duty/us_cbp_user_fees.csv"
SPI_PATH = "duty/us_spi_codes.csv"
_THIRD = "duty/third_party/joyahacs_tariff_simulator/"
S301_PATH = _THIRD + "section301_rates.csv"
S301_EXCLUSIONS_PATH = _THIRD + "sec301_exemptions.csv"
S232_PATH = _THIRD + "section232_rates.csv"
S122_PATH = _THIRD + "sec122_exemptions.csv"
ADCVD_PATH = _THIRD + "adcvd_warnings.csv"


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _rows(path: Path, used: set[str], required: set[str]) -> tuple[list[dict[str, str]], list[str]]:
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        warnings = audit_columns(reader.fieldnames or [], used, required, path.name)
        return list(reader), warnings


def load_fees(paths: dict[str, Path]) -> LoadResult:
    """One record per fee and fiscal year that has a value; key ``<class or fee>:<FYyyyy>``."""
    path = paths[FEES_PATH]
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        rows = list(reader)
    years = [c for c in columns if c.startswith("FY") and c[2:].isdigit()]
    fixed = {"fee", "class_code", "cfr", "fy14_base", "status_FY2026", "source_FY2026"}
    warnings = audit_columns(columns, fixed | set(years), {"fee", "cfr"}, path.name)
    records = []
    for row in rows:
        for year in years:
            value = (row.get(year) or "").strip()
            if not value:
                continue
            latest = year == max(years)
            records.append((f"{row['fee']}:{year}", {
                "fee": row["fee"], "class_code": row.get("class_code") or None, "cfr": row["cfr"],
                "fiscal_year": int(year[2:]), "value": value,
                "status": (row.get("status_FY2026") or None) if latest else None,
                "source": (row.get("source_FY2026") or None) if latest else None}))
    return LoadResult(iter(records), edition=path.name, warnings=warnings)


def load_spi(paths: dict[str, Path]) -> LoadResult:
    """One record per SPI symbol ("A / A* / A+" gives three records); key: the symbol."""
    path = paths[SPI_PATH]
    used = {"spi", "program", "hts_general_note", "mpf_exempt", "status_note"}
    rows, warnings = _rows(path, used, {"spi", "program", "mpf_exempt"})
    records = []
    for row in rows:
        for symbol in (s.strip() for s in row["spi"].split("/")):
            records.append((symbol, {"spi": symbol, "program": row["program"],
                                     "general_note": row.get("hts_general_note") or None,
                                     "mpf_exempt": row.get("mpf_exempt") or "",
                                     "status_note": row.get("status_note") or None}))
    return LoadResult(iter(records), edition=path.name, warnings=warnings)


def load_s301(paths: dict[str, Path]) -> LoadResult:
    """HTS-8 to Section 301 rate (25 = Lists 1-3, 7.5 = List 4A); key: the eight digits."""
    path = paths[S301_PATH]
    rows, warnings = _rows(path, {"hts8", "s301_rate"}, {"hts8", "s301_rate"})
    return LoadResult(iter((_digits(r["hts8"]), {"hts8": _digits(r["hts8"]), "rate": r["s301_rate"]})
                           for r in rows), edition=path.name, warnings=warnings)


def load_s301_exclusions(paths: dict[str, Path]) -> LoadResult:
    """HTS-10 numbers covered by a USTR Section 301 exclusion; key: the digits."""
    path = paths[S301_EXCLUSIONS_PATH]
    rows, warnings = _rows(path, {"HTSUS", "Description"}, {"HTSUS"})
    return LoadResult(iter((_digits(r["HTSUS"]), {"hts": _digits(r["HTSUS"]), "description": r["Description"]})
                           for r in rows), edition=path.name, warnings=warnings)


def load_s232(paths: dict[str, Path]) -> LoadResult:
    """HTS prefixes (4 to 10 digits) with their Section 232 category; key: the prefix."""
    path = paths[S232_PATH]
    rows, warnings = _rows(path, {"hts8", "s232_rate", "category"}, {"hts8", "category"})
    return LoadResult(iter((_digits(r["hts8"]), {"prefix": _digits(r["hts8"]), "category": r["category"],
                                                 "rate": r["s232_rate"]}) for r in rows),
                      edition=path.name, warnings=warnings)


def load_s122(paths: dict[str, Path]) -> LoadResult:
    """Section 122 Annex II: HTS numbers exempt from the surcharge, and the 9903.03 headings."""
    path = paths[S122_PATH]
    rows, warnings = _rows(path, {"HTSUS", "Description", "Scope Limitations"}, {"HTSUS"})
    return LoadResult(iter((_digits(r["HTSUS"]), {"hts": _digits(r["HTSUS"]), "description": r["Description"],
                                                  "scope": r.get("Scope Limitations") or None}) for r in rows),
                      edition=path.name, warnings=warnings)


def load_adcvd(paths: dict[str, Path]) -> LoadResult:
    """HS-6 prefix x country pairs with an AD/CVD order to consider; key ``<prefix>:<country>``."""
    path = paths[ADCVD_PATH]
    rows, warnings = _rows(path, {"hts_prefix", "country", "case_desc"}, {"hts_prefix", "country"})
    return LoadResult(iter((f"{_digits(r['hts_prefix'])}:{r['country'].strip()}",
                            {"prefix": _digits(r["hts_prefix"]), "country": r["country"].strip(),
                             "case": r.get("case_desc") or None}) for r in rows),
                      edition=path.name, warnings=warnings)

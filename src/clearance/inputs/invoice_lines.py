"""Invoice-line files: CSV or XLSX made from the template that ``clearance template`` writes.

HTS numbers are text: the template formats that column as text so "0101.21.00.10" keeps its
leading zero. A number-typed HTS cell from a spreadsheet is accepted only when its digit
count is a valid HTS length; an odd count means a leading zero was lost, and is refused.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from clearance.errors import InputError, InputFileError, InputProblem
from clearance.inputs.common import decode_utf8, read_bytes
from clearance.inputs.shipment_json import validation_problems
from clearance.model import Line

#: (column, required, meaning) — the template's columns, in order.
TEMPLATE_COLUMNS: tuple[tuple[str, bool, str], ...] = (
    ("line_number", True, "line number, 1, 2, 3... unique in the file"),
    ("description", True, "commercial description of the goods"),
    ("part_number", False, "seller's part or SKU number"),
    ("hts_code", False, "declared HTS number, as text (dots optional): 0101.21.00.10"),
    ("quantity", True, "quantity in the HTS unit"),
    ("quantity_unit", True, "UN/ECE Rec 20 code (NAR, KGM, DZN...) or HTS unit (No., kg, doz.)"),
    ("net_weight_kg", False, "net weight in kilograms"),
    ("gross_weight_kg", False, "gross weight in kilograms"),
    ("value", True, "line value (price paid or payable)"),
    ("currency", True, "ISO 4217 currency code"),
    ("country_of_origin", True, "ISO 3166 alpha-2 country of origin"),
    ("spi", False, "special programme indicator claimed (S, KR, AU...)"),
    ("eccn", False, "export control classification number (3A001, EAR99)"),
    ("usml_category", False, "USML category for defence articles (XI, XII...)"),
    ("adcvd_case", False, "AD/CVD case number (A-570-123)"),
    ("container_numbers", False, "ISO 6346 container numbers, separated by ';'"),
)
_COLUMNS = [c for c, _, _ in TEMPLATE_COLUMNS]
_REQUIRED = {c for c, required, _ in TEMPLATE_COLUMNS if required}


def read_invoice_lines(path: Path) -> list[Line]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    else:
        raise InputFileError(str(path), f"unsupported file type '{suffix}': use .csv or .xlsx")
    return _lines(rows, str(path))


def _check_header(header: list[str], source: str) -> list[str]:
    names = [h.strip() for h in header]
    problems = []
    unknown = [h for h in names if h and h not in _COLUMNS]
    missing = sorted(_REQUIRED - set(names))
    if unknown:
        problems.append(InputProblem("line 1 (header)", None,
                                     f"unknown column(s) {', '.join(unknown)}"))
    if missing:
        problems.append(InputProblem("line 1 (header)", None,
                                     f"missing required column(s) {', '.join(missing)}"))
    duplicated = sorted({h for h in names if h and names.count(h) > 1})
    if duplicated:
        problems.append(InputProblem("line 1 (header)", None,
                                     f"duplicated column(s) {', '.join(duplicated)}"))
    if problems:
        problems[-1] = InputProblem(problems[-1].location, None,
                                    problems[-1].message + f"; expected columns: {', '.join(_COLUMNS)} "
                                    "(write a fresh template with 'clearance template')")
        raise InputError(source, problems)
    return names


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    text = decode_utf8(read_bytes(path), str(path))
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _check_header(next(reader), str(path))
    rows = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise InputError(str(path), [InputProblem(
                f"line {reader.line_num}", None,
                f"{len(row)} cells but the header has {len(header)} columns")])
        rows.append((reader.line_num, dict(zip(header, row, strict=False))))
    if not rows:
        raise InputFileError(str(path), "no invoice lines after the header")
    return iter(rows)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    import zipfile

    from openpyxl import load_workbook

    read_bytes(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputFileError(str(path), f"not a readable .xlsx workbook: {exc}") from None
    sheet = workbook.worksheets[0]
    all_rows = list(sheet.iter_rows(values_only=True))
    workbook.close()
    if not all_rows:
        raise InputFileError(str(path), "the first worksheet is empty")
    header = _check_header([str(h or "") for h in all_rows[0]], str(path))
    rows = [
        (number, dict(zip(header, values, strict=False)))
        for number, values in enumerate(all_rows[1:], start=2)
        if any(v not in (None, "") for v in values)
    ]
    if not rows:
        raise InputFileError(str(path), "no invoice lines after the header")
    return iter(rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _hts_cell(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = _cell(value)
        if len(digits) % 2:
            raise ValueError(f"HTS number stored as the number {digits}: its leading zero was lost; "
                             "format the column as text")
        return digits
    return _cell(value)


def _lines(rows: Iterator[tuple[int, dict[str, Any]]], source: str) -> list[Line]:
    lines: list[Line] = []
    problems: list[InputProblem] = []
    first_seen: dict[int, int] = {}
    for row_number, row in rows:
        where = f"line {row_number}"
        try:
            data = _line_data(row)
        except ValueError as exc:
            problems.append(InputProblem(where, "hts_code", str(exc)))
            continue
        try:
            line = Line.model_validate(data)
        except ValidationError as exc:
            for p in validation_problems(exc):
                problems.append(InputProblem(f"{where}", _column_for(p.location), p.message))
            continue
        if line.number in first_seen:
            problems.append(InputProblem(where, "line_number",
                                         f"duplicate line number {line.number} (first on line "
                                         f"{first_seen[line.number]})"))
            continue
        first_seen[line.number] = row_number
        lines.append(line)
    if problems:
        raise InputError(source, problems)
    return lines


def _column_for(model_path: str) -> str:
    """Map the model's field path back to the template column the user typed."""
    head = model_path.split(".")[0].split("[")[0]
    mapping = {"number": "line_number", "net_weight": "net_weight_kg",
               "gross_weight": "gross_weight_kg", "container_numbers": "container_numbers"}
    if model_path.startswith("quantity.unit"):
        return "quantity_unit"
    if model_path.startswith("value.currency"):
        return "currency"
    if model_path.startswith("value"):
        return "value"
    return mapping.get(head, head)


def _line_data(row: dict[str, Any]) -> dict[str, Any]:
    text = {k: _cell(v) for k, v in row.items() if k != "hts_code"}
    data: dict[str, Any] = {
        "number": text.get("line_number") or None,
        "description": text.get("description", ""),
        "quantity": {"value": text.get("quantity", ""), "unit": text.get("quantity_unit", "")},
        "value": {"amount": text.get("value", ""), "currency": text.get("currency", "")},
        "country_of_origin": text.get("country_of_origin", ""),
        "hts_code": _hts_cell(row.get("hts_code")) or None,
    }
    for name in ("part_number", "spi", "eccn", "usml_category", "adcvd_case"):
        if text.get(name):
            data[name] = text[name]
    for column, name in (("net_weight_kg", "net_weight"), ("gross_weight_kg", "gross_weight")):
        if text.get(column):
            data[name] = {"value": text[column], "unit": "KGM"}
    if text.get("container_numbers"):
        data["container_numbers"] = [c.strip() for c in text["container_numbers"].split(";") if c.strip()]
    return data


def write_template(path: Path) -> None:
    """Write an empty invoice-line template (.csv or .xlsx) with one example row."""
    example = ["1", "Laptop computer, 14 in., 16 GB RAM", "LT-1400", "8471.30.01.00", "100", "NAR",
               "150", "210", "45000.00", "USD", "CN", "", "5A992.c", "", "", "CSQU3054383"]
    if path.suffix.lower() == ".csv":
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(_COLUMNS)
            writer.writerow(example)
        return
    if path.suffix.lower() != ".xlsx":
        raise InputFileError(str(path), "template must be .csv or .xlsx")
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "invoice_lines"
    sheet.append(_COLUMNS)
    sheet.append(example)
    for index, (_, required, meaning) in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.comment = Comment(("required: " if required else "optional: ") + meaning, "clearance")
    hts_column = _COLUMNS.index("hts_code") + 1
    for row in range(1, 1001):
        sheet.cell(row=row, column=hts_column).number_format = "@"
    workbook.save(path)

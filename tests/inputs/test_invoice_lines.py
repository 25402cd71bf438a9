"""Invoice-line files: the template round-trips through CSV and XLSX, leading zeros survive."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from clearance.errors import InputError
from clearance.inputs import TEMPLATE_COLUMNS, read_invoice_lines, write_template


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_example_row_reads_back(tmp_path: Path, suffix):
    path = tmp_path / f"t{suffix}"
    write_template(path)
    [line] = read_invoice_lines(path)
    assert line.hts_code == "8471300100" and line.quantity.unit == "NAR"
    assert line.value.amount == Decimal("45000.00") and line.container_numbers == ["CSQU3054383"]


def test_xlsx_template_keeps_hts_as_text_and_leading_zero(tmp_path: Path):
    path = tmp_path / "t.xlsx"
    write_template(path)
    workbook = load_workbook(path)
    sheet = workbook.active
    column = [c for c, _, _ in TEMPLATE_COLUMNS].index("hts_code") + 1
    assert sheet.cell(row=2, column=column).number_format == "@"
    sheet.cell(row=2, column=column).value = "0101.21.00.10"
    workbook.save(path)
    assert read_invoice_lines(path)[0].hts_code == "0101210010"


def test_xlsx_numeric_hts_with_lost_zero_is_refused(tmp_path: Path):
    path = tmp_path / "t.xlsx"
    write_template(path)
    workbook = load_workbook(path)
    column = [c for c, _, _ in TEMPLATE_COLUMNS].index("hts_code") + 1
    workbook.active.cell(row=2, column=column).value = 101210010  # "0101210010" typed as a number
    workbook.save(path)
    with pytest.raises(InputError, match="leading zero was lost"):
        read_invoice_lines(path)


def test_csv_with_hts_aliases_units_and_optional_columns(tmp_path: Path):
    path = tmp_path / "l.csv"
    path.write_text("line_number,description,hts_code,quantity,quantity_unit,net_weight_kg,value,currency,"
                    "country_of_origin,container_numbers\n"
                    "1,Green tea,0902.10.10.15,120,kg,120,960.00,usd,cn,CSQU3054383; MSKU3132963\n",
                    encoding="utf-8")
    [line] = read_invoice_lines(path)
    assert line.hts_code == "0902101015" and line.quantity.unit == "KGM" and line.value.currency == "USD"
    assert line.net_weight.value == 120 and line.container_numbers == ["CSQU3054383", "MSKU3132963"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=30)
                          .filter(lambda s: s.strip()),
                          st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
                          st.integers(min_value=0, max_value=10**6)),
                min_size=1, max_size=8))
def test_csv_round_trip_property(tmp_path_factory, rows):
    """Any descriptions, quantities and values written by the csv module read back unchanged."""
    import csv

    path = tmp_path_factory.mktemp("rt") / "l.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line_number", "description", "quantity", "quantity_unit", "value", "currency",
                         "country_of_origin"])
        for number, (description, value, quantity) in enumerate(rows, start=1):
            writer.writerow([number, description, quantity, "NAR", str(value), "EUR", "DE"])
    lines = read_invoice_lines(path)
    assert [ln.description for ln in lines] == [d.strip() for d, _, _ in rows]
    assert [ln.value.amount for ln in lines] == [v for _, v, _ in rows]
    assert [ln.quantity.value for ln in lines] == [q for _, _, q in rows]

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from clearance.errors import InputError, InputFileError
from clearance.risk.declarations import (
    FIELDS,
    KCS_HEADERS,
    Declarations,
    read_declarations,
)
from tests.risk.synthetic import records

KCS_ROW = ("97061800,2020-01-01,30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,440890,BE,BE,0.0,FEU1,G,108.0,"
           "372254.4,0,0")


def _write_kcs(path: Path, rows: list[str]) -> Path:
    text = ",".join(KCS_HEADERS) + "\n" + "\n".join(rows) + "\n"
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["kcs.csv", "kcs.csv.gz"])
def test_reads_the_kcs_headers_plain_or_gzipped(tmp_path: Path, name: str) -> None:
    batch = read_declarations(_write_kcs(tmp_path / name, [KCS_ROW]))
    assert len(batch) == 1
    record = batch.record(0)
    assert record["declaration_id"] == "97061800" and record["hs_code"] == "440890"
    assert record["item_price"] == 372254.4 and record["fraud"] == 0 and record["critical_fraud"] == 0
    assert "courier_id" not in record  # empty = missing
    assert batch["date"][0] == np.datetime64("2020-01-01")
    assert batch.labelled


def test_reads_jsonl_with_snake_case_names_and_no_labels(tmp_path: Path) -> None:
    rows = [{k: v for k, v in r.items() if k not in ("fraud", "critical_fraud")} for r in records(3)]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    batch = read_declarations(path)
    assert len(batch) == 3 and not batch.labelled
    assert (batch["fraud"] == -1).all()


def test_every_bad_cell_is_reported_with_its_line(tmp_path: Path) -> None:
    bad = KCS_ROW.replace("2020-01-01", "2020-13-01").replace("440890", "44A890").replace("108.0", "-5")
    with pytest.raises(InputError) as caught:
        read_declarations(_write_kcs(tmp_path / "bad.csv", [KCS_ROW, bad, KCS_ROW.replace(",0,0", ",3,0")]))
    text = str(caught.value)
    assert "line 3" in text and "date" in text and "hs_code" in text and "net_mass_kg" in text
    assert "line 4" in text and "fraud" in text


def test_unknown_and_missing_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("declaration_id,date,hs_code,colour\nA,2020-01-01,123456,red\n", encoding="utf-8")
    with pytest.raises(InputError, match="colour"):
        read_declarations(path)
    path.write_text("declaration_id,date\nA,2020-01-01\n", encoding="utf-8")
    with pytest.raises(InputError, match="hs_code"):
        read_declarations(path)


def test_wrong_file_types_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"PK..")
    with pytest.raises(InputFileError, match="unsupported"):
        read_declarations(tmp_path / "a.xlsx")
    (tmp_path / "b.csv.gz").write_bytes(b"not gzip at all")
    with pytest.raises(InputFileError, match="gzip"):
        read_declarations(tmp_path / "b.csv.gz")
    with pytest.raises(InputFileError, match="not found"):
        read_declarations(tmp_path / "missing.csv")


def test_take_concat_and_sort_keep_columns_aligned() -> None:
    batch = Declarations.from_records(records(10))
    reversed_batch = batch.take(np.arange(9, -1, -1))
    both = Declarations.concat([reversed_batch, batch])
    assert len(both) == 20 and set(both.columns) == set(FIELDS)
    ordered = both.sorted_by_date()
    assert (np.diff(ordered["date"].astype("int64")) >= 0).all()
    assert ordered.record(0)["declaration_id"] in {"T0-00000"}

"""Bad inputs: one clear error naming file, location and field; exit code 2; nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.cli import app
from tests.factories import shipment_data


def _json(data) -> bytes:
    return json.dumps(data).encode()


def _with(mutate) -> bytes:
    data = shipment_data()
    mutate(data)
    return _json(data)


def _set(path: list, value):
    def mutate(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return mutate


_DELETE = object()
HEADER = "line_number,description,hts_code,quantity,quantity_unit,value,currency,country_of_origin\n"
CSV_OPTS = ["--direction", "import", "--mode", "ocean"]

# (case id, file name, content, extra CLI options, text the error must contain)
CASES = [
    ("malformed-json", "s.json", b'{"id": "x", "lines": [', [], "line 1 column"),
    ("missing-required-field", "s.json", _with(_set(["lines", 0, "description"], _DELETE)), [],
     "lines[0].description"),
    ("unknown-unit", "s.json", _with(_set(["lines", 1, "quantity"], "12 BANANAS")), [], "unknown unit"),
    ("bad-currency", "s.json", _with(_set(["lines", 0, "value"], "10.00 XYZ")), [], "ISO 4217"),
    ("non-numeric-value", "s.json", _with(_set(["lines", 0, "value"], {"amount": "ten", "currency": "USD"})),
     [], "'ten' is not a number"),
    ("unknown-field", "s.json", _with(_set(["lines", 0, "colour"], "red")), [], "lines[0].colour"),
    ("duplicate-line-numbers-json", "s.json", _with(_set(["lines", 1, "number"], 1)), [],
     "duplicate line numbers: 1"),
    ("bad-country", "s.json", _with(_set(["lines", 0, "country_of_origin"], "XX")), [], "ISO 3166"),
    ("bad-hts", "s.json", _with(_set(["lines", 0, "hts_code"], "8471.3")), [], "not an HS/HTS number"),
    ("bad-date", "s.json", _with(_set(["dates", "entry"], "2026-13-45")), [], "dates.entry"),
    ("bad-locode", "s.json", _with(_set(["ports", "loading"], "SHANGHAI")), [], "ports.loading"),
    ("arrival-before-export", "s.json", _with(_set(["dates", "arrival"], "2026-09-01")), [],
     "arrival date is before the export date"),
    ("negative-quantity", "s.json", _with(_set(["lines", 0, "quantity"], "-5 NAR")), [], "negative"),
    ("not-finite", "s.json", _with(_set(["lines", 0, "value"], "NaN USD")), [], "not a finite number"),
    ("json-root-list", "s.json", b"[1, 2]", [], "expected a JSON object"),
    ("empty-file", "s.json", b"", [], "file is empty"),
    ("bad-encoding", "lines.csv", (HEADER + "1,Caf\xe9 table,9403.60.80.81,1,NAR,10,USD,CN\n").encode("latin-1"),
     CSV_OPTS, "not UTF-8"),
    ("wrong-csv-header", "lines.csv", b"line,desc,qty\n1,x,2\n", CSV_OPTS, "unknown column(s) line, desc, qty"),
    ("missing-csv-column", "lines.csv", b"line_number,description\n1,x\n", CSV_OPTS,
     "missing required column(s)"),
    ("duplicate-line-numbers-csv", "lines.csv",
     (HEADER + "1,Table,9403.60.80.81,1,NAR,10,USD,CN\n1,Chair,9401.61.60.11,2,NAR,20,USD,CN\n").encode(),
     CSV_OPTS, "line 3, field 'line_number': duplicate line number 1"),
    ("csv-non-numeric", "lines.csv", (HEADER + "1,Table,9403.60.80.81,two,NAR,10,USD,CN\n").encode(),
     CSV_OPTS, "line 2, field 'quantity'"),
    ("csv-bad-unit", "lines.csv", (HEADER + "1,Table,9403.60.80.81,2,XYZ,10,USD,CN\n").encode(),
     CSV_OPTS, "line 2, field 'quantity_unit'"),
    ("csv-header-only", "lines.csv", HEADER.encode(), CSV_OPTS, "no invoice lines"),
    ("csv-needs-direction", "lines.csv", (HEADER + "1,Table,9403.60.80.81,2,NAR,10,USD,CN\n").encode(),
     [], "--direction"),
    ("unsupported-type", "lines.txt", b"hello", CSV_OPTS, None),
    ("bad-as-of", "s.json", _json(shipment_data()), ["--as-of", "yesterday"], "is not a date"),
    ("not-an-xlsx", "lines.xlsx", b"PK\x03\x04 not really a zip", CSV_OPTS, "not a readable .xlsx"),
]


RUNS = [(command, *case) for case in CASES for command in ("check", "validate")
        if not (command == "validate" and "--as-of" in case[3])]  # validate has no --as-of


@pytest.mark.parametrize("command, case, name, content, options, expected", RUNS,
                         ids=[f"{r[0]}-{r[1]}" for r in RUNS])
def test_bad_input_exits_2_with_clear_error_and_writes_nothing(
    tmp_path: Path, command, case, name, content, options, expected
):
    source = tmp_path / name
    source.write_bytes(content)
    data_dir = tmp_path / "data"
    report = tmp_path / "report.json"
    args = [command, str(source), *options]
    if command == "check":
        args += ["--output", str(report)]
    result = CliRunner().invoke(app, args, env={"CLEARANCE_DATA_DIR": str(data_dir)})
    assert result.exit_code == 2, result.output
    text = result.output
    if case != "unsupported-type":
        assert str(source) in text or "command line" in text
    if expected:
        assert expected in text, text
    assert not data_dir.exists(), "a bad input must not create or touch the database"
    assert not report.exists()


def test_json_errors_are_machine_readable(tmp_path: Path):
    source = tmp_path / "s.json"
    source.write_bytes(_with(_set(["lines", 1, "quantity"], "12 BANANAS")))
    result = CliRunner().invoke(app, ["check", str(source), "--json"],
                                env={"CLEARANCE_DATA_DIR": str(tmp_path / "d")})
    assert result.exit_code == 2
    payload = json.loads(result.output)
    assert payload["error"] == "InputError"
    assert payload["problems"][0]["location"] == "lines[1].quantity.unit"
    assert payload["problems"][0]["field"] == "unit"


def test_all_problems_reported_at_once(tmp_path: Path):
    source = tmp_path / "lines.csv"
    source.write_text(HEADER + "1,Table,9403.60.80.81,two,NAR,10,USD,CN\n2,Chair,9401.61.60.11,2,NAR,x,USD,ZZ\n")
    result = CliRunner().invoke(app, ["validate", str(source), *CSV_OPTS])
    assert result.exit_code == 2
    assert "line 2, field 'quantity'" in result.output and "line 3, field 'value'" in result.output
    assert "line 3, field 'country_of_origin'" in result.output

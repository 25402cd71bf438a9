"""``clearance mrz``: lines as arguments, a file or standard input, passenger-record JSON; exit codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from clearance.cli import app

RUNNER = CliRunner()
SPECIMEN = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
# A fictional German passport; its check digits were computed apart from the code under test.
GERMAN = ["P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", "C01X00T478D<<6408125F3010312<<<<<<<<<<<<<<<2"]
WIDE = {"COLUMNS": "200"}


def _json(result) -> dict:
    return json.loads(result.output)


def test_specimen_as_arguments() -> None:
    result = RUNNER.invoke(app, ["mrz", *SPECIMEN, "--as-of", "2011-01-01"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "as of 2011-01-01 (--as-of)" in result.output and "TD3, valid" in result.output
    assert "document_number" in result.output and "L898902C3" in result.output
    assert "MRZ.SPECIMEN_STATE" in result.output


def test_json_output_and_default_date() -> None:
    result = RUNNER.invoke(app, ["mrz", *SPECIMEN, "--json"])
    assert result.exit_code == 1  # the specimen expired in 2012
    data = _json(result)
    assert data["as_of"] == date.today().isoformat() and data["as_of_source"] == "today"
    report = data["reports"][0]
    assert data["valid"] is False and report["source"] == "arguments" and report["format"] == "TD3"
    assert report["fields"]["document_number"]["raw"] == "L898902C3"
    assert {f["rule_id"] for f in report["findings"]} == {"MRZ.SPECIMEN_STATE", "MRZ.EXPIRED"}


def test_fictional_german_passport_is_valid() -> None:
    result = RUNNER.invoke(app, ["mrz", *GERMAN, "--as-of", "2026-06-01", "--json"])
    assert result.exit_code == 0, result.output
    report = _json(result)["reports"][0]
    assert report["valid"] and report["findings"] == []
    assert report["fields"]["issuing_state"]["value"] == "D" and report["fields"]["birth_date"]["value"] == "1964-08-12"


def test_record_with_dotted_field(tmp_path: Path) -> None:
    path = tmp_path / "passenger.json"
    path.write_text(json.dumps({"name": "Erika Mustermann", "travel_document": {"mrz": "\n".join(GERMAN)}}))
    result = RUNNER.invoke(app, ["mrz", "--record", str(path), "--field", "travel_document.mrz",
                                 "--as-of", "2026-06-01", "--json"])
    assert result.exit_code == 0, result.output
    assert _json(result)["reports"][0]["source"] == f"{path} travel_document.mrz"


def test_record_list_gives_one_report_each(tmp_path: Path) -> None:
    bad = [GERMAN[0], GERMAN[1][:9] + "9" + GERMAN[1][10:]]  # wrong document-number check digit
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps([{"mrz": GERMAN}, {"mrz": "\n".join(bad)}]))
    result = RUNNER.invoke(app, ["mrz", "--record", str(path), "--as-of", "2026-06-01", "--json"])
    assert result.exit_code == 1
    reports = _json(result)["reports"]
    assert [r["valid"] for r in reports] == [True, False]
    assert reports[1]["source"].endswith("[1].mrz")
    assert "MRZ.CHECK_DIGIT.DOCUMENT_NUMBER" in {f["rule_id"] for f in reports[1]["findings"]}


def test_record_without_the_field_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps([{"mrz": GERMAN}, {"passport": {}}, {"mrz": 42}]))
    result = RUNNER.invoke(app, ["mrz", "--record", str(path), "--as-of", "2026-06-01"])
    assert result.exit_code == 2
    assert "[1].mrz" in result.output and "missing" in result.output and "[2].mrz" in result.output


def test_standard_input_and_file(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["mrz", "--file", "-", "--as-of", "2026-06-01"], input="\n".join(GERMAN) + "\n")
    assert result.exit_code == 0, result.output
    assert "standard input" in result.output
    path = tmp_path / "mrz.txt"
    path.write_text("  " + "\n".join(SPECIMEN) + "\n\n", encoding="utf-8")
    assert RUNNER.invoke(app, ["mrz", "--file", str(path), "--as-of", "2011-01-01"]).exit_code == 0


def test_bad_input_exits_2(tmp_path: Path) -> None:
    assert RUNNER.invoke(app, ["mrz"]).exit_code == 2  # nothing given
    assert RUNNER.invoke(app, ["mrz", *SPECIMEN, "--file", "x.txt"]).exit_code == 2  # two sources
    assert RUNNER.invoke(app, ["mrz", "--file", str(tmp_path / "missing.txt")]).exit_code == 2
    assert RUNNER.invoke(app, ["mrz", "--file", "-"], input="\n \n").exit_code == 2
    result = RUNNER.invoke(app, ["mrz", *SPECIMEN, "--as-of", "yesterday", "--json"])
    assert result.exit_code == 2 and _json(result)["problems"][0]["field"] == "as_of"


def test_wrong_shape_is_a_finding_not_bad_input() -> None:
    result = RUNNER.invoke(app, ["mrz", SPECIMEN[0], SPECIMEN[1][:-1], "--as-of", "2011-01-01"], env=WIDE)
    assert result.exit_code == 1
    assert "unknown format" in result.output and "MRZ.FORMAT" in result.output

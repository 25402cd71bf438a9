"""``clearance duty-uk`` on the fictional UK archive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.cli import app
from clearance.settings import Settings
from tests.duty.uk.fixtures import CODE, uk_reference

RUNNER = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    uk_reference(Settings(data_dir=tmp_path / "data"), tmp_path / "mini")
    return {"CLEARANCE_DATA_DIR": str(tmp_path / "data")}


def run(env, *args):
    return RUNNER.invoke(app, ["duty-uk", CODE, "--date", "2021-01-15", *args], env=env)


def test_json_lists_the_options_with_terms_and_needs(env):
    result = run(env, "--origin", "FA", "--value", "900", "--shipping", "100", "--quantity", "500 KGM",
                 "--vat", "vatz", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["customs_value"] == "1000.00" and summary["eur_gbp"] == {"rate": "0.86", "month": "2021-01",
                                                                          "note": None}
    options = {o["kind"]: o for o in summary["options"]}
    assert options["third_country"]["total"] == "201.53"
    assert [t["text"] for t in options["third_country"]["base"]["terms"]] == [
        "12.8 % x 1000 GBP customs value", "17.1 EUR/DTN x 5 DTN x 0.86 GBP/EUR", "26.7 % x 1000 GBP customs value"]
    assert options["preference"]["needs"][0].startswith("U999") and options["quota"]["total"] == "0.00"
    assert summary["other_measures"][0]["documents"] == ["C640"]


def test_table_names_what_was_not_computed(env):
    result = run(env, "--origin", "ZZ", "--value", "1000")
    assert result.exit_code == 0 and "choose the VAT rate" in result.output and "DTN" in result.output


@pytest.mark.parametrize("args,message", [
    (["--origin", "ZZ", "--value", "ten"], "not an amount"),
    (["--origin", "ZZ", "--value", "1", "--quantity", "lots"], "not a quantity"),
    (["--origin", "Z", "--value", "1"], "origin"),
])
def test_bad_options_exit_2_with_the_reason(env, args, message):
    result = run(env, *args)
    assert result.exit_code == 2 and message in result.output


def test_unknown_commodity_exits_2_and_no_data_exits_3(env, tmp_path):
    result = RUNNER.invoke(app, ["duty-uk", "1234567890", "--origin", "ZZ", "--date", "2021-01-15", "--value", "1"],
                           env=env)
    assert result.exit_code == 2 and CODE in result.output
    empty = {"CLEARANCE_DATA_DIR": str(tmp_path / "empty")}
    assert RUNNER.invoke(app, ["duty-uk", CODE, "--origin", "ZZ", "--date", "2021-01-15", "--value", "1"],
                         env=empty).exit_code == 3

"""``clearance export-control determine|eccn|country`` against the real export-control data."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from clearance.cli import app

RUNNER = CliRunner()
pytestmark = pytest.mark.integration


@pytest.fixture
def env(shared_reference) -> dict[str, str]:
    settings, _ = shared_reference
    return {"CLEARANCE_DATA_DIR": str(settings.data_dir)}


def test_nlr_exits_0_and_licence_exits_1(env):
    nlr = RUNNER.invoke(app, ["export-control", "determine", "--eccn", "9B006", "-d", "DE", "--as-of", "2026-11-01"],
                        env=env)
    assert nlr.exit_code == 0, nlr.output
    assert "NLR" in nlr.output and "NS2" in nlr.output
    needed = RUNNER.invoke(app, ["export-control", "determine", "--eccn", "9B006", "-d", "CN", "--json"], env=env)
    data = json.loads(needed.stdout)
    assert needed.exit_code == 1 and data["outcome"] == "licence required" and "NS2" in data["chart_columns"]


def test_lvs_value_and_claimed_exception(env):
    result = RUNNER.invoke(app, ["export-control", "determine", "--eccn", "2B005", "-d", "BR", "--value", "$500",
                                 "--exception", "lvs", "--json"], env=env)
    data = json.loads(result.stdout)
    assert data["outcome"] == "exception candidate"
    assert any("claimed licence exception LVS: among the candidates" in s["text"] for s in data["steps"])


def test_end_user_on_the_entity_list(env):
    result = RUNNER.invoke(app, ["export-control", "determine", "--eccn", "EAR99", "-d", "HK", "--end-user",
                                 "ACTeam Logistics Ltd.", "--json"], env=env)
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data["outcome"] == "licence required"
    assert any("Entity List" in s["text"] for s in data["steps"])


@pytest.mark.parametrize(("args", "message"), [
    (["--eccn", "3A0X1", "-d", "DE"], "is not an ECCN"),
    (["--eccn", "1C012", "-d", "DE"], "not on the Commerce Control List"),
    (["--eccn", "3A001", "-d", "QQ"], "unknown destination"),
    (["-d", "DE"], "exactly one of --eccn and --usml"),
    (["--eccn", "3A001.c", "-d", "DE", "--value", "lots"], "not an amount"),
])
def test_bad_input_exits_2_with_a_clear_error(env, args, message):
    result = RUNNER.invoke(app, ["export-control", "determine", *args], env=env)
    assert result.exit_code == 2 and message in result.output.replace("\n", " ")


def test_eccn_and_country_lookups(env):
    eccn = RUNNER.invoke(app, ["export-control", "eccn", "5A002", "--json"], env=env)
    data = json.loads(eccn.stdout)
    assert data["reasons_for_control"] == ["NS", "RS", "AT", "EI"] and data["lvs_limits_usd"] == ["500"]
    country = RUNNER.invoke(app, ["export-control", "country", "CU", "--json"], env=env)
    facts = json.loads(country.stdout)
    assert facts["x_columns"] == [] and "part 746" in facts["special_case"] and "E:2" in facts["country_groups"]

"""``clearance classify`` input checks: a unit value that does not read is refused, naming it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from clearance.cli import app


def test_a_unit_value_that_does_not_read_is_refused_before_anything_is_loaded(tmp_path: Path) -> None:
    env = {"CLEARANCE_DATA_DIR": str(tmp_path / "data")}
    result = CliRunner().invoke(app, ["classify", "zircon necklace", "-a", "unit value=8 CNY", "--json"], env=env)
    assert result.exit_code == 2, result.output
    problem = json.loads(result.stdout)["problems"][0]
    assert problem["field"] == "unit value" and "US dollars" in problem["message"]
    assert not (tmp_path / "data").exists()


def test_catalogue_rows_with_an_unreadable_unit_value_are_all_named(tmp_path: Path) -> None:
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text("id,description,unit value\n1,zircon necklace,1.05\n2,silver ring,cheap\n"
                         "3,bangle,$4 per pair\n", encoding="utf-8")
    env = {"CLEARANCE_DATA_DIR": str(tmp_path / "data")}
    result = CliRunner().invoke(app, ["classify", "--input", str(catalogue)], env=env)
    assert result.exit_code == 2, result.output
    problems = json.loads(result.stdout)["problems"]
    assert [(p["location"], p["field"]) for p in problems] == [("line 3", "unit value")]

"""``clearance hts`` commands on fixture revisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.cli import app
from tests.tariff.fixtures import OLD, new_revision, write_export

RUNNER = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {"CLEARANCE_DATA_DIR": str(tmp_path / "data")}
    old = write_export(tmp_path / "old.csv", OLD)
    new = write_export(tmp_path / "new.csv", new_revision())
    for path, edition, effective, extra in ((old, "Rev 1", "2026-01-01", ["--activate"]),
                                             (new, "Rev 2", "2026-07-01", [])):
        result = RUNNER.invoke(app, ["hts", "load", str(path), "--edition", edition, "--effective", effective,
                                     "--json", *extra], env=environment)
        # fixture exports are far below the declared 20,000-row floor of a real revision
        assert result.exit_code == 3 and "expected 20000..45000" in result.output
    return environment


def test_small_exports_fail_the_count_check_and_nothing_is_stored(env):
    result = RUNNER.invoke(app, ["hts", "revisions", "--json"], env=env)
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_show_search_diff_with_no_revision_exit_3(env):
    assert RUNNER.invoke(app, ["hts", "show", "7326.90.86.88"], env=env).exit_code == 3


@pytest.fixture
def loaded(tmp_path: Path) -> dict[str, str]:
    """Fixture revisions stored in the data directory (through the loader, with a range that fits
    them), then read by the CLI as a user's would be."""
    from datetime import date

    from clearance.settings import Settings
    from clearance.store import open_database
    from tests.tariff.fixtures import load_revision

    environment = {"CLEARANCE_DATA_DIR": str(tmp_path / "data")}
    engine = open_database(Settings(data_dir=tmp_path / "data"))
    load_revision(engine, write_export(tmp_path / "r1" / "hts.csv", OLD), "Rev 1", date(2026, 1, 1), True)
    load_revision(engine, write_export(tmp_path / "r2" / "hts.csv", new_revision()), "Rev 2", date(2026, 7, 1), False)
    return environment


def test_revisions_and_show(loaded):
    revisions = json.loads(RUNNER.invoke(app, ["hts", "revisions", "--json"], env=loaded).output)
    assert [(r["edition"], r["active"]) for r in revisions] == [("Rev 1", True), ("Rev 2", False)]
    shown = json.loads(RUNNER.invoke(app, ["hts", "show", "7326908688", "--json"], env=loaded).output)
    assert shown["path"][-1] == "Other" and shown["rates"]["general"] == "2.9%"
    assert shown["rates_from"] == "7326.90.86" and shown["units"] == [{"hts": "kg", "rec20": "KGM"}]
    later = json.loads(RUNNER.invoke(app, ["hts", "show", "7326.90.86", "--as-of", "2026-08-01", "--json"],
                                     env=loaded).output)
    assert later["rates"]["general"] == "3.4%" and "7326.90.86.11" in later["statistical_lines"]


def test_show_subheading_without_own_line_lists_lines_under_it(loaded):
    listed = json.loads(RUNNER.invoke(app, ["hts", "show", "7326.11", "--json"], env=loaded).output)
    assert listed["own_line"] is False and [x["hts"] for x in listed["lines_under"]] == ["7326.11.00", "7326.11.00.00"]
    result = RUNNER.invoke(app, ["hts", "show", "0101.21"], env=loaded)
    assert result.exit_code == 2


def test_search_and_diff(loaded):
    hits = json.loads(RUNNER.invoke(app, ["hts", "search", "grinding balls", "--json"], env=loaded).output)
    assert hits[0]["hts"].startswith("7326.11")
    result = json.loads(RUNNER.invoke(app, ["hts", "diff", "Rev 1", "Rev 2", "--json"], env=loaded).output)
    assert result["counts"] == {"added": 2, "removed": 1, "redescribed": 1, "rates": 1, "units": 1}
    assert result["chapters_only_in_new"] == ["94"]
    text = RUNNER.invoke(app, ["hts", "diff", "Rev 1", "Rev 2"], env={**loaded, "COLUMNS": "160"}).output
    assert "successors: 7326.90.86.11, 7326.90.86.15" in text


def test_bad_code_is_exit_2(loaded):
    assert RUNNER.invoke(app, ["hts", "show", "84.7"], env=loaded).exit_code == 2

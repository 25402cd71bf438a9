"""``clearance screen`` and ``clearance screening ...`` on a fixture list."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.cli import app
from clearance.settings import Settings
from tests.screening.fixtures import import_names_folder, write_names_folder

RUNNER = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    data = tmp_path / "data"
    import_names_folder(Settings(data_dir=data), write_names_folder(tmp_path / "src"))
    return {"CLEARANCE_DATA_DIR": str(data)}


def test_block_match_exits_1_with_the_entry_and_why(env):
    result = RUNNER.invoke(app, ["screen", "QUORVANI, Teodric Alsmund"], env=env)
    assert result.exit_code == 1, result.output
    assert "BLOCK" in result.output and "nl:1" in result.output and "aligned" in result.output


def test_clear_party_exits_0_and_json_has_the_snapshot(env):
    clear = RUNNER.invoke(app, ["screen", "Maria Lopez"], env=env)
    assert clear.exit_code == 0 and "CLEAR" in clear.output
    result = RUNNER.invoke(app, ["screen", "Teodric QUORVANl", "--json", "--fail-on", "never"], env=env)
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["matches"][0]["entity_id"] == "nl:1"
    assert data["matches"][0]["snapshot"].startswith("nl:") and data["matches"][0]["name"]["aligned"]


def test_no_lists_loaded_is_a_reference_data_error(tmp_path):
    result = RUNNER.invoke(app, ["screen", "Anyone"], env={"CLEARANCE_DATA_DIR": str(tmp_path / "empty")})
    assert result.exit_code == 3 and "no sanctions" in result.output


def test_batch_csv_keeps_ids_and_rejects_bad_rows_before_screening(env, tmp_path):
    parties = tmp_path / "parties.csv"
    parties.write_text("id,name,country\nP-1,Hamid AL ZAFRANI,\nP-2,Maria Lopez,ES\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = RUNNER.invoke(app, ["screen", "--input", str(parties), "--output", str(out), "--fail-on", "never"],
                           env=env)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["id"], r["band"], r["entity_id"]) for r in rows] == [("P-1", "block", "nl:2"), ("P-2", "clear", "")]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,dob\nP-1,,\nP-2,Someone,1961-5\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["screen", "--input", str(bad)], env=env)
    assert result.exit_code == 2 and "line 2" in result.output and "line 3" in result.output


def test_false_positive_disposition_suppresses_the_alert_and_is_kept_in_history(env):
    result = RUNNER.invoke(app, ["screening", "dispose", "Hamid AL ZAFRANI", "--entity", "nl:2", "--decision",
                                 "false_positive", "--reason", "other person: born 1990", "--user", "a.meier"],
                           env=env)
    assert result.exit_code == 0, result.output
    again = RUNNER.invoke(app, ["screen", "AL-ZAFRANI, Hamid", "--json"], env=env)
    data = json.loads(again.stdout)
    assert again.exit_code == 0 and data["band"] == "clear" and data["suppressed"][0]["entity_id"] == "nl:2"
    history = RUNNER.invoke(app, ["screening", "history", "--entity", "nl:2", "--json"], env=env)
    assert [d["decision"] for d in json.loads(history.stdout)] == ["false_positive"]
    unknown = RUNNER.invoke(app, ["screening", "dispose", "Hamid AL ZAFRANI", "--entity", "nl:9", "--decision",
                                  "true_match", "--reason", "x", "--user", "a"], env=env)
    assert unknown.exit_code == 2


def test_rescreen_reports_only_changes(env, tmp_path):
    RUNNER.invoke(app, ["screen", "Hamid AL ZAFRANI", "--remember", "--fail-on", "never"], env=env)
    same = RUNNER.invoke(app, ["screening", "rescreen", "--json"], env=env)
    assert json.loads(same.stdout) == {"screened": 0, "skipped": 1, "changes": []}
    # A new list snapshot in which the entry is gone: the alert is reported cleared.
    import_names_folder(Settings(data_dir=Path(env["CLEARANCE_DATA_DIR"])), write_names_folder(
        tmp_path / "src2", [{"id": 1, "full_name": "Teodric Alsmund QUORVANI", "source": "nl", "aliases": []}]))
    changed = json.loads(RUNNER.invoke(app, ["screening", "rescreen", "--json"], env=env).stdout)
    assert changed["screened"] == 1 and [(c["entity_id"], c["change"]) for c in changed["changes"]] == [
        ("nl:2", "cleared")]


def test_lists_command_shows_the_loaded_list(env):
    data = json.loads(RUNNER.invoke(app, ["screening", "lists", "--json"], env=env).stdout)
    assert data["lists"][0]["list"] == "nl" and data["lists"][0]["entries"] == 3


def test_data_import_stores_the_screening_index_that_screen_then_reads(tmp_path, monkeypatch):
    from clearance.screening.matcher import Screener
    from tests.factories import shipment_data
    from tests.screening.fixtures import NAME_ENTRIES

    # Enough fictional names for the 'nl' list's declared count range (80..200).
    given, family = ["Teodric", "Lucinda", "Orvin", "Maribel", "Alsmund", "Quenby", "Darrow", "Ysolde", "Perrin"], \
        ["Quistadel", "Velmoran", "Orvieto", "Zafranel", "Brannock", "Tessaly", "Morvane", "Calloway", "Ashgrove"]
    entries = NAME_ENTRIES + [{"id": 10 + n, "full_name": f"{g} {f.upper()}", "source": "nl", "aliases": []}
                              for n, (g, f) in enumerate((g, f) for g in given for f in family)]
    env = {"CLEARANCE_DATA_DIR": str(tmp_path / "data")}
    result = RUNNER.invoke(app, ["data", "import", str(write_names_folder(tmp_path / "src", entries)),
                                 "--dataset", "nl"], env=env)
    assert result.exit_code == 0, result.output
    stored = [p for p in (tmp_path / "data" / "screening-index").iterdir()]
    assert len(stored) == 1 and (stored[0] / "done").is_file()

    def no_build(*args, **kwargs):
        raise AssertionError("the screening index was built again")

    monkeypatch.setattr(Screener, "from_entities", classmethod(no_build))
    result = RUNNER.invoke(app, ["screen", "Hamid AL ZAFRANI", "--json", "--fail-on", "never"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["matches"][0]["entity_id"] == "nl:2"
    shipment = tmp_path / "shipment.json"
    data = shipment_data()
    data["parties"][0]["name"] = "Hamid AL ZAFRANI"
    shipment.write_text(json.dumps(data), encoding="utf-8")
    result = RUNNER.invoke(app, ["check", str(shipment), "--json"], env=env)
    findings = json.loads(result.stdout)["findings"]
    assert any(f["rule_id"] == "SCREEN.MATCH" and f["evidence"]["entity_id"] == "nl:2" for f in findings), findings

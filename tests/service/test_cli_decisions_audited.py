"""Decisions taken on the command line reach the audit trail too: a reference-data import, a
classification approval and a screening disposition, each with who and the snapshots."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from clearance.cli import app
from clearance.service.audit import records, verify
from clearance.settings import Settings
from clearance.store import open_database

RUNNER = CliRunner()


def test_a_data_import_is_audited_with_its_snapshots(tmp_path: Path, mini_data: Path) -> None:
    env = {"CLEARANCE_DATA_DIR": str(tmp_path / "data")}
    result = RUNNER.invoke(app, ["data", "import", str(mini_data), "--dataset", "countries", "--json"], env=env)
    assert result.exit_code == 0, result.output
    snapshot = json.loads(result.output)[0]["snapshot_id"]
    database = open_database(Settings(data_dir=tmp_path / "data"))
    [entry] = records(database, action="data.updated")
    assert entry.actor.startswith("cli") and entry.detail["datasets"] == ["countries"]
    assert entry.snapshots == {"countries": snapshot}
    again = RUNNER.invoke(app, ["data", "import", str(mini_data), "--dataset", "countries"], env=env)
    assert again.exit_code == 0 and len(records(database, action="data.updated")) == 1  # unchanged: no record
    assert verify(database).ok


def test_a_classification_approved_on_the_command_line_is_audited(tmp_path: Path) -> None:
    env = {"CLEARANCE_DATA_DIR": str(tmp_path / "data")}
    result = RUNNER.invoke(app, ["products", "approve", "PN-7", "6110.20.20.10", "--rationale",
                                 "GRI 1, heading 6110; knitted cotton", "--by", "kim"], env=env)
    assert result.exit_code == 0, result.output
    [entry] = records(open_database(Settings(data_dir=tmp_path / "data")), action="classification.approved")
    assert entry.actor == "kim" and entry.subject == "part:PN-7" and entry.detail["hts_code"] == "6110.20.20.10"
    assert entry.detail["warnings"] and entry.snapshots == {}  # no HTS loaded: said, and no revision

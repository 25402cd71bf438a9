"""The CLI: every command documented, exit codes, output formats."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from clearance.cli import app
from tests.conftest import PROJECT
from tests.factories import shipment_data

RUNNER = CliRunner()


def _commands(group: click.Command, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        if hasattr(command, "commands"):  # a group (typer 0.29 groups are not click.Group)
            found += _commands(command, path)
        else:
            found.append(path)
    return found


COMMANDS = _commands(typer.main.get_command(app))


def test_there_are_commands():
    assert {("check",), ("data", "import"), ("data", "update"), ("data", "status"), ("schema",),
            ("template",)} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_has_help_and_is_in_the_cli_tour(command):
    result = RUNNER.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output) > 200
    tour = (PROJECT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"clearance {' '.join(command)}" in tour, f"docs/cli.md does not document 'clearance {' '.join(command)}'"


def test_usage_error_exits_2():
    assert RUNNER.invoke(app, ["check"]).exit_code == 2
    assert RUNNER.invoke(app, ["no-such-command"]).exit_code == 2


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    return path


def test_check_json_output_and_fail_on(tmp_path: Path):
    env = {"CLEARANCE_DATA_DIR": str(tmp_path / "data")}
    path = _write(tmp_path, shipment_data())
    result = RUNNER.invoke(app, ["check", str(path), "--json", "--fail-on", "never"], env=env)
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["decision"] == "review" and report["as_of"] == "2026-10-26"  # the entry date
    assert any(f["rule_id"] == "DOC.REFDATA.MISSING" for f in report["findings"])
    assert RUNNER.invoke(app, ["check", str(path), "--json", "--fail-on", "warning"], env=env).exit_code == 1
    assert RUNNER.invoke(app, ["check", str(path), "--json"], env=env).exit_code == 0  # default: block


@pytest.mark.parametrize("fmt, marker", [("markdown", "# Clearance report: T-1"), ("html", "<!DOCTYPE html>"),
                                         ("json", '"decision"')])
def test_check_writes_each_format_to_a_file(tmp_path: Path, fmt, marker):
    path = _write(tmp_path, shipment_data())
    out = tmp_path / f"report.{fmt}"
    result = RUNNER.invoke(app, ["check", str(path), "--format", fmt, "--output", str(out), "--as-of", "2026-11-01"],
                           env={"CLEARANCE_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 0, result.output
    assert marker in out.read_text(encoding="utf-8")


def test_check_terminal_output(tmp_path: Path):
    path = _write(tmp_path, shipment_data())
    result = RUNNER.invoke(app, ["check", str(path)], env={"CLEARANCE_DATA_DIR": str(tmp_path / "data"),
                                                          "COLUMNS": "160"})
    assert result.exit_code == 0
    assert "REVIEW" in result.output and "DOC.REFDATA.MISSING" in result.output


def test_csv_lines_merge_into_json_shipment(tmp_path: Path):
    data = shipment_data()
    path = _write(tmp_path, data)
    lines = tmp_path / "lines.csv"
    RUNNER.invoke(app, ["template", str(lines)])
    result = RUNNER.invoke(app, ["validate", str(path), "--lines", str(lines), "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["lines"] == 1


def test_schema_is_json_schema_of_shipment():
    result = RUNNER.invoke(app, ["schema"])
    schema = json.loads(result.output)
    assert schema["title"] == "Shipment" and "lines" in schema["required"]


def test_template_refuses_to_overwrite(tmp_path: Path):
    target = tmp_path / "t.csv"
    assert RUNNER.invoke(app, ["template", str(target)]).exit_code == 0
    assert RUNNER.invoke(app, ["template", str(target)]).exit_code == 2
    assert RUNNER.invoke(app, ["template", str(target), "--force"]).exit_code == 0


def test_data_import_missing_dir_and_status(tmp_path: Path, mini_data: Path):
    env = {"CLEARANCE_DATA_DIR": str(tmp_path / "data")}
    assert RUNNER.invoke(app, ["data", "import", str(tmp_path / "nope")], env=env).exit_code == 2
    result = RUNNER.invoke(app, ["data", "import", str(mini_data), "--dataset", "document_elements",
                                 "--dataset", "countries", "--json"], env=env)
    # the mini elements table has 8 rows, below the declared 40..80: a failed count check, exit 3
    assert result.exit_code == 3
    outcomes = {o["dataset"]: o for o in json.loads(result.output)}
    assert outcomes["countries"]["status"] == "imported" and outcomes["document_elements"]["status"] == "failed"
    status = json.loads(RUNNER.invoke(app, ["data", "status", "--json"], env=env).output)
    state = {s["dataset"]: s["active"] for s in status}
    assert state["countries"] is True and state["document_elements"] is False and state["hts_us"] is False


def test_rules_lists_documents_rules():
    result = RUNNER.invoke(app, ["rules", "--json"])
    ids = {r["id"] for r in json.loads(result.output)}
    assert {"ENGINE.FAILED", "DOC.INVOICE.TOTAL", "DOC.CONTAINER.INVALID"} <= ids

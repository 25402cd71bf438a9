"""``clearance dg check`` and ``clearance dg show`` on a fixture HMT."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.cli import app
from clearance.settings import Settings
from tests.dangerous_goods.fixtures import import_dg_folder, write_dg_folder

RUNNER = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    data = tmp_path / "data"
    import_dg_folder(Settings(data_dir=data), write_dg_folder(tmp_path / "src"))
    return {"CLEARANCE_DATA_DIR": str(data)}


def _file(tmp_path: Path, payload, name="dg.json") -> Path:
    path = tmp_path / name
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload))
    return path


CLEAN = {"id": "C1", "mode": "air_passenger", "items": [
    {"id_number": "UN1090", "proper_shipping_name": "Acetone", "hazard_class": "3", "packing_group": "II",
     "labels": ["3"], "quantity_per_package": "4 L"}]}


def test_clean_consignment_exits_0_and_says_what_was_not_checked(env, tmp_path):
    result = RUNNER.invoke(app, ["dg", "check", str(_file(tmp_path, CLEAN))], env=env)
    assert result.exit_code == 0, result.output
    assert "UN1090, Acetone, 3, PG II" in result.output and "not checked: package marks" in result.output


def test_findings_exit_1_with_json_details(env, tmp_path):
    bad = json.loads(json.dumps(CLEAN))
    bad["items"][0]["quantity_per_package"] = "6 L"
    result = RUNNER.invoke(app, ["dg", "check", str(_file(tmp_path, bad)), "--json"], env=env)
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert [f["rule_id"] for f in payload["findings"]] == ["DG.QUANTITY.EXCEEDS_LIMIT"]
    assert payload["findings"][0]["citation"].startswith("49 CFR 172.101(j)")
    assert RUNNER.invoke(app, ["dg", "check", str(_file(tmp_path, bad)), "--fail-on", "never"], env=env).exit_code == 0


def test_json_lines_cases_report_agreement_with_their_expectations(env, tmp_path):
    cases = [
        {"case_id": "A", "mode": "highway", "items": CLEAN["items"], "expected_findings": []},
        {"case_id": "B", "mode": "air_passenger", "items": [{**CLEAN["items"][0], "id_number": "UN1089",
         "proper_shipping_name": "Acetaldehyde", "packing_group": "I"}], "expected_findings":
         ["FORBIDDEN_PASSENGER_AIRCRAFT"], "derived_from_hmt_rows": ["UN1089|Acetaldehyde"]},
    ]
    path = _file(tmp_path, "\n".join(json.dumps(c) for c in cases), "cases.jsonl")
    result = RUNNER.invoke(app, ["dg", "check", str(path), "--fail-on", "never"], env=env)
    assert result.exit_code == 0, result.output
    assert "expected findings: 2 of 2 consignments agree" in result.output


def test_bad_input_names_the_field_and_exits_2(env, tmp_path):
    bad = {"mode": "submarine", "items": [{"proper_shipping_name": "Acetone", "colour": "red"}]}
    result = RUNNER.invoke(app, ["dg", "check", str(_file(tmp_path, bad))], env=env)
    assert result.exit_code == 2
    assert "mode" in result.output and "items[0].colour" in result.output


def test_shipment_json_without_dg_lines_is_bad_input(env, tmp_path):
    from tests.factories import shipment_data

    result = RUNNER.invoke(app, ["dg", "check", str(_file(tmp_path, shipment_data()))], env=env)
    assert result.exit_code == 2 and "no line with dangerous_goods data" in " ".join(result.output.split())


def test_without_hmt_the_command_exits_3(tmp_path):
    env = {"CLEARANCE_DATA_DIR": str(tmp_path / "empty")}
    result = RUNNER.invoke(app, ["dg", "check", str(_file(tmp_path, CLEAN))], env=env)
    assert result.exit_code == 3 and "clearance data import" in result.output


def test_show_resolves_special_provisions(env):
    result = RUNNER.invoke(app, ["dg", "show", "UN3480", "--json"], env=env)
    assert result.exit_code == 0
    (entry,) = json.loads(result.output)
    assert entry["cargo_aircraft_only_9b"] == "35 kg"
    assert entry["special_provision_text"]["A54"].startswith("Irrespective")
    assert entry["special_provision_text"]["A100"] is None  # not in the fixture: shown as missing, not invented


def test_show_by_name_and_see_reference(env):
    assert "UN1090" in RUNNER.invoke(app, ["dg", "show", "acetone"], env=env).output
    result = RUNNER.invoke(app, ["dg", "show", "Accumulators, electric"], env=env)
    assert result.exit_code == 2 and "see Batteries, wet etc" in " ".join(result.output.split())

"""Product master: approvals with history, the catalogue, exports, the migration and the CLI."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
import typer
from alembic import command
from typer.testing import CliRunner

from clearance.cli import products
from clearance.errors import InputError
from clearance.settings import Settings
from clearance.store import open_database
from clearance.store import product_master as pm
from clearance.store.db import create_engine
from tests.store.migrations import alembic_config

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def engine(db_settings: Settings) -> sa.Engine:
    return open_database(db_settings)


def _approve(engine: sa.Engine, part: str = "LT-1400", code: str = "8471.30.01.00", at: datetime = T0,
             **extra: str | None) -> pm.Approval:
    values: dict = {"rationale": "GRI 1, heading 8471: portable ADP machine", "approved_by": "a.meier"}
    values.update(extra)
    return pm.approve(engine, part_number=part, hts_code=code, at=at, **values)


def _problem_fields(error: InputError) -> list[str | None]:
    return [p.field for p in error.problems]


# --- store API -------------------------------------------------------------------------------

def test_approve_then_current(engine):
    approval = _approve(engine, description="Laptop computer, 14 in.", hts_revision="hts_us:abc123def456")
    assert approval.hts_code == "8471300100" and approval.hts_display == "8471.30.01.00"
    assert approval.is_current and approval.approved_at == T0
    found = pm.current(engine, "LT-1400")
    assert found == approval
    assert found.approved_at.tzinfo is not None and found.approved_at == T0
    assert found.description == "Laptop computer, 14 in." and found.hts_revision == "hts_us:abc123def456"
    assert pm.current(engine, "  LT-1400 ") == approval  # surrounding blanks are not part of the number
    assert pm.current(engine, "unknown") is None
    assert pm.history(engine, "unknown") == []


def test_time_is_stored_as_utc(engine):
    berlin = timezone(timedelta(hours=1))
    approval = _approve(engine, at=datetime(2026, 3, 1, 10, 30, tzinfo=berlin))
    assert pm.current(engine, "LT-1400").approved_at == T0
    assert approval.as_dict()["approved_at"] == "2026-03-01T09:30:00Z"
    with pytest.raises(ValueError):
        _approve(engine, at=datetime(2026, 3, 1, 9, 30))  # naive: the API never guesses a zone


def test_reapproval_supersedes_and_keeps_history(engine):
    first = _approve(engine, code="8471.30.01.00", rationale="first look")
    later = T0 + timedelta(days=30)
    second = _approve(engine, code="8471.41.01.50", rationale="it has a separate display unit",
                      approved_by="b.chen", at=later)
    assert pm.current(engine, "LT-1400") == second
    rows = pm.history(engine, "LT-1400")
    assert [a.id for a in rows] == [second.id, first.id]  # newest first
    old = rows[1]
    # the old row's content is untouched; only superseded_at was set, to the new approval's time
    assert (old.hts_code, old.rationale, old.approved_by, old.approved_at) == (
        "8471300100", "first look", "a.meier", T0)
    assert old.superseded_at == later and not old.is_current
    assert rows[0].superseded_at is None
    third = _approve(engine, code="8471.30.01.00", rationale="back after ruling NY N123456", at=later)
    assert [a.id for a in pm.history(engine, "LT-1400")] == [third.id, second.id, first.id]
    assert sum(a.is_current for a in pm.history(engine, "LT-1400")) == 1


def test_reapproval_earlier_than_current_is_refused(engine):
    _approve(engine)
    with pytest.raises(InputError) as caught:
        _approve(engine, code="8471.41.01.50", at=T0 - timedelta(minutes=1))
    assert _problem_fields(caught.value) == ["approved_at"]
    assert pm.current(engine, "LT-1400").hts_code == "8471300100"
    assert len(pm.history(engine, "LT-1400")) == 1


@pytest.mark.parametrize(("changes", "field"), [
    ({"part": ""}, "part_number"),
    ({"part": "   "}, "part_number"),
    ({"code": "8471.30"}, "hts_code"),  # valid HS form, but not a 10-digit line
    ({"code": "8471.30.01"}, "hts_code"),
    ({"code": "84713001000"}, "hts_code"),
    ({"code": "8471.3O.01.00"}, "hts_code"),
    ({"rationale": ""}, "rationale"),
    ({"rationale": " \n "}, "rationale"),
    ({"approved_by": ""}, "approved_by"),
    ({"part": "x" * 121}, "part_number"),
    ({"description": "bell\x07"}, "description"),
])
def test_bad_inputs_name_the_field(engine, changes, field):
    with pytest.raises(InputError) as caught:
        _approve(engine, **changes)
    assert _problem_fields(caught.value) == [field]
    assert field in str(caught.value)
    assert pm.catalogue(engine) == []  # nothing written


def test_every_problem_is_reported_at_once(engine):
    with pytest.raises(InputError) as caught:
        pm.approve(engine, part_number="", hts_code="12", rationale="", approved_by="", at=T0)
    assert _problem_fields(caught.value) == ["part_number", "hts_code", "rationale", "approved_by"]


def test_catalogue_lists_current_approvals_only(engine):
    _approve(engine, part="Z-9", code="9401.61.60.11")
    _approve(engine, part="A-1", code="0101.21.00.10")
    _approve(engine, part="M-5", code="6110.20.20.10")
    _approve(engine, part="A-1", code="0101.29.00.10", at=T0 + timedelta(hours=1))
    listed = pm.catalogue(engine)
    assert [(a.part_number, a.hts_code) for a in listed] == [
        ("A-1", "0101290010"), ("M-5", "6110202010"), ("Z-9", "9401616011")]
    assert all(a.is_current for a in listed)


# --- export ------------------------------------------------------------------------------------

def _fill(engine: sa.Engine) -> None:
    _approve(engine, part="HORSE-01", code="0101.21.00.10", description="Purebred breeding horse",
             rationale="Heading 0101; purebred breeding animal", hts_revision="hts_us:0123456789ab")
    _approve(engine, part="LT-1400", code="8471.30.01.00", description=None)
    _approve(engine, part="LT-1400", code="8471.41.01.50", rationale="=formula-looking text, kept as text",
             at=T0 + timedelta(days=1))


EXPECTED = [
    {"part_number": "HORSE-01", "description": "Purebred breeding horse", "hts_code": "0101.21.00.10",
     "hts_digits": "0101210010", "rationale": "Heading 0101; purebred breeding animal",
     "approved_by": "a.meier", "approved_at": "2026-03-01T09:30:00Z", "hts_revision": "hts_us:0123456789ab"},
    {"part_number": "LT-1400", "description": "", "hts_code": "8471.41.01.50", "hts_digits": "8471410150",
     "rationale": "=formula-looking text, kept as text", "approved_by": "a.meier",
     "approved_at": "2026-03-02T09:30:00Z", "hts_revision": ""},
]


def test_csv_export_round_trip(engine, tmp_path):
    _fill(engine)
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "catalogue.csv"
    assert pm.export(engine, path) == 2
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == pm.EXPORT_COLUMNS
        assert list(reader) == EXPECTED
    assert [p.name for p in path.parent.iterdir()] == ["catalogue.csv"]  # no temporary file left


def test_xlsx_export_round_trip_keeps_codes_as_text(engine, tmp_path):
    from openpyxl import load_workbook

    _fill(engine)
    path = tmp_path / "catalogue.xlsx"
    assert pm.export(engine, path) == 2
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == pm.EXPORT_COLUMNS
    read = [{k: (v if v is not None else "") for k, v in zip(rows[0], row, strict=True)} for row in rows[1:]]
    assert read == EXPECTED
    code_cell, digits_cell = sheet["C2"], sheet["D2"]
    assert (code_cell.value, digits_cell.value) == ("0101.21.00.10", "0101210010")
    for cell in (code_cell, digits_cell, sheet["E3"]):
        assert cell.data_type == "s" and cell.number_format == "@"


def test_export_rejects_other_formats_and_keeps_existing_file_on_failure(engine, tmp_path):
    with pytest.raises(InputError):
        pm.export(engine, tmp_path / "catalogue.json")
    target = tmp_path / "catalogue.csv"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError):
        pm.export(engine, tmp_path / "missing" / "catalogue.csv")
    assert target.read_text(encoding="utf-8") == "keep me"


def test_empty_catalogue_exports_header_only(engine, tmp_path):
    path = tmp_path / "empty.csv"
    assert pm.export(engine, path) == 0
    assert path.read_text(encoding="utf-8").splitlines() == [",".join(pm.EXPORT_COLUMNS)]


# --- migration ---------------------------------------------------------------------------------

def test_database_at_0001_is_upgraded_on_open(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    old = create_engine(settings.resolved_database_url())
    with old.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    tables = sa.inspect(old).get_table_names()
    assert "snapshot" in tables and "product_classification" not in tables
    old.dispose()

    engine = open_database(settings)
    inspector = sa.inspect(engine)
    assert "product_classification" in inspector.get_table_names()
    assert [i["column_names"] for i in inspector.get_indexes("product_classification")] == [["part_number"]]
    with engine.connect() as connection:
        assert connection.execute(sa.text("select version_num from alembic_version")).scalar() != "0001"
    assert _approve(engine).is_current


def test_migration_matches_schema_and_downgrades(engine):
    from clearance.store.schema import product_classification

    inspector = sa.inspect(engine)
    columns = {c["name"]: c for c in inspector.get_columns("product_classification")}
    assert list(columns) == [c.name for c in product_classification.columns]
    assert {n for n, c in columns.items() if c["nullable"]} == {"description", "hts_revision", "superseded_at"}
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    assert "product_classification" not in sa.inspect(engine).get_table_names()
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    assert "product_classification" in sa.inspect(engine).get_table_names()


# --- CLI ---------------------------------------------------------------------------------------

RUNNER = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(products.app, name="products")
    return app


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"CLEARANCE_DATA_DIR": str(tmp_path / "data")}


def _run(env: dict[str, str], *args: str):
    return RUNNER.invoke(_app(), ["products", *args], env=env)


def test_cli_approve_show_list_export(env, tmp_path):
    result = _run(env, "approve", "HORSE-01", "0101.21.00.10", "--rationale", "Heading 0101",
                  "--by", "a.meier", "--description", "Purebred breeding horse", "--json")
    assert result.exit_code == 0, result.output
    approved = json.loads(result.stdout)
    assert approved["hts_code"] == "0101.21.00.10" and approved["hts_digits"] == "0101210010"
    assert approved["hts_revision"] is None and approved["current"] is True
    assert "no HTS revision is loaded" in result.stderr and approved["warnings"]

    result = _run(env, "approve", "HORSE-01", "0101.29.00.10", "--rationale", "not purebred", "--by", "b.chen")
    assert result.exit_code == 0, result.output
    assert "0101.29.00.10" in result.stdout and "supersedes 0101.21.00.10" in result.stdout

    shown = json.loads(_run(env, "show", "HORSE-01", "--json").stdout)
    assert shown["current"]["hts_code"] == "0101.29.00.10" and shown["current"]["approved_by"] == "b.chen"
    assert [h["hts_code"] for h in shown["history"]] == ["0101.29.00.10", "0101.21.00.10"]
    assert shown["history"][1]["superseded_at"] is not None
    text = _run(env, "show", "HORSE-01")
    assert text.exit_code == 0 and "not purebred" in text.stdout and "0101.21.00.10" in text.stdout

    _run(env, "approve", "AA-7", "8471.30.01.00", "--rationale", "GRI 1", "--by", "a.meier")
    listed = json.loads(_run(env, "list", "--json").stdout)
    assert [(a["part_number"], a["hts_code"]) for a in listed] == [("AA-7", "8471.30.01.00"),
                                                                   ("HORSE-01", "0101.29.00.10")]
    table = _run(env, "list")
    assert table.exit_code == 0 and "HORSE-01" in table.stdout

    output = tmp_path / "master.xlsx"
    result = _run(env, "export", str(output))
    assert result.exit_code == 0, result.output
    assert "2 approved classification(s)" in result.stderr
    from openpyxl import load_workbook

    assert load_workbook(output).active["C3"].value == "0101.29.00.10"


def test_cli_export_refuses_to_overwrite(env, tmp_path):
    output = tmp_path / "master.csv"
    output.write_text("existing", encoding="utf-8")
    result = _run(env, "export", str(output))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert output.read_text(encoding="utf-8") == "existing"
    result = _run(env, "export", str(output), "--force")
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8").startswith("part_number,description,hts_code")
    assert _run(env, "export", str(tmp_path / "master.txt")).exit_code == 2


def test_cli_bad_code_and_unknown_part_exit_2(env):
    result = _run(env, "approve", "LT-1400", "8471.30", "--rationale", "x", "--by", "a.meier")
    assert result.exit_code == 2 and "hts_code" in result.stderr and "10-digit" in result.stderr
    result = _run(env, "approve", "LT-1400", "8471.30.01.00", "--rationale", " ", "--by", "a.meier", "--json")
    assert result.exit_code == 2
    assert [p["field"] for p in json.loads(result.stdout)["problems"]] == ["rationale"]
    assert json.loads(_run(env, "list", "--json").stdout) == []
    result = _run(env, "show", "LT-1400")
    assert result.exit_code == 2 and "no approved classification" in result.stderr


def test_cli_records_active_revision_and_warns_on_unknown_code(env, tmp_path):
    from datetime import date

    from tests.tariff.fixtures import OLD, load_revision, write_export

    engine = open_database(Settings(data_dir=Path(env["CLEARANCE_DATA_DIR"])))
    snapshot_id = load_revision(engine, write_export(tmp_path / "r1" / "hts.csv", OLD), "Rev 1",
                                date(2026, 1, 1), True)
    engine.dispose()

    known = _run(env, "approve", "HOOK-1", "7326.90.86.10", "--rationale", "hooks", "--by", "a.meier", "--json")
    assert known.exit_code == 0, known.output
    assert json.loads(known.stdout)["hts_revision"] == snapshot_id and "warning" not in known.stderr

    unknown = _run(env, "approve", "HORSE-01", "0101.21.00.10", "--rationale", "x", "--by", "a.meier", "--json")
    assert unknown.exit_code == 0, unknown.output  # a warning, not a failure
    assert "not a line of the active HTS revision (Rev 1)" in unknown.stderr
    assert json.loads(unknown.stdout)["hts_revision"] == snapshot_id


def test_cli_commands_have_help():
    for name in ("approve", "show", "list", "export"):
        result = RUNNER.invoke(_app(), ["products", name, "--help"])
        assert result.exit_code == 0 and len(result.stdout) > 100

"""Snapshots: counts verified, re-import idempotent, failures and kills leave the old snapshot."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from clearance.errors import CountAssertionError, ReferenceDataError
from clearance.refdata import ReferenceData, dataset, import_dataset
from clearance.store import open_database
from clearance.store.schema import reference_record, snapshot
from tests.conftest import UNLOCODE_ROWS, write_unlocode

SMALL_UNLOCODE = replace(dataset("unlocode"), expected_count=(1, 1000))


def _snapshots(engine) -> list:
    with engine.connect() as connection:
        return connection.execute(sa.select(snapshot).order_by(snapshot.c.imported_at)).all()


def test_import_then_reimport_is_idempotent(db_settings, mini_data):
    engine = open_database(db_settings)
    first = import_dataset(engine, SMALL_UNLOCODE, mini_data)
    again = import_dataset(engine, SMALL_UNLOCODE, mini_data)
    assert first.status == "imported" and first.record_count == len(UNLOCODE_ROWS)
    assert again.status == "unchanged" and again.snapshot_id == first.snapshot_id
    assert len(_snapshots(engine)) == 1


def test_new_sources_make_a_new_active_snapshot_and_keep_the_old(db_settings, mini_data):
    engine = open_database(db_settings)
    old = import_dataset(engine, SMALL_UNLOCODE, mini_data)
    write_unlocode(mini_data, UNLOCODE_ROWS[:3])
    new = import_dataset(engine, SMALL_UNLOCODE, mini_data)
    rows = _snapshots(engine)
    assert [r.id for r in rows] == [old.snapshot_id, new.snapshot_id]
    assert [r.active for r in rows] == [False, True]
    reference = ReferenceData(engine)
    assert reference.get("unlocode", "USLAX") is not None and reference.get("unlocode", "USDEN") is None


def test_count_outside_declared_range_keeps_previous_snapshot(db_settings, mini_data):
    engine = open_database(db_settings)
    good = import_dataset(engine, SMALL_UNLOCODE, mini_data)
    write_unlocode(mini_data, UNLOCODE_ROWS[:1])
    with pytest.raises(CountAssertionError):
        import_dataset(engine, replace(SMALL_UNLOCODE, expected_count=(2, 1000)), mini_data)
    rows = _snapshots(engine)
    assert [(r.id, r.active) for r in rows] == [(good.snapshot_id, True)]


def test_unknown_column_is_warned_about(db_settings, mini_data):
    write_unlocode(mini_data, UNLOCODE_ROWS, extra_column=True)
    outcome = import_dataset(open_database(db_settings), SMALL_UNLOCODE, mini_data)
    assert any("new_official_column" in w for w in outcome.warnings)


def test_missing_required_column_fails_cleanly(db_settings, tmp_path):
    path = tmp_path / "bad" / "documents" / "unlocode_geoapify_2024.csv.gz"
    path.parent.mkdir(parents=True)
    import gzip

    path.write_bytes(gzip.compress(b"country,name\nUS,Nowhere\n"))
    with pytest.raises(ReferenceDataError, match="missing column"):
        import_dataset(open_database(db_settings), SMALL_UNLOCODE, tmp_path / "bad")


def _written_bytes(engine) -> int:
    """How much the in-flight import has written: the WAL (SQLite) or the table's size (PostgreSQL)."""
    if engine.dialect.name == "sqlite":
        wal = Path(engine.url.database + "-wal")
        return wal.stat().st_size if wal.exists() else 0
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT pg_total_relation_size('reference_record')")).scalar()


def test_killed_import_leaves_previous_snapshot_active_and_complete(db_settings, tmp_path):
    """Kill -9 an import half-way through writing: the old snapshot stays active and whole."""
    env = {**os.environ, "CLEARANCE_DATA_DIR": str(db_settings.data_dir)}
    if db_settings.database_url:
        env["CLEARANCE_DATABASE_URL"] = db_settings.database_url
    first, second = tmp_path / "first", tmp_path / "second"
    write_unlocode(first, [["CN", "SHA", "Shanghai", "Shanghai", "", "AI", "1-------", "", "", "", ""]] * 100_500)
    write_unlocode(second, [["US", "LAX", "Los Angeles", "Los Angeles", "", "AI", "1-------", "", "", "", ""]] * 129_000)
    command = [sys.executable, "-m", "clearance", "data", "import", "--dataset", "unlocode", "--json"]
    done = subprocess.run([*command, str(first)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    engine = open_database(db_settings)
    settled = _written_bytes(engine)
    process = subprocess.Popen([*command, str(second)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if _written_bytes(engine) > settled + 2_000_000:  # records of the new snapshot are being written
            break
        time.sleep(0.01)
    assert process.poll() is None, "import finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    engine.dispose()
    engine = open_database(db_settings)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(snapshot)).all()
        assert len(rows) == 1 and rows[0].active and rows[0].record_count == 100_500
        stored = connection.execute(sa.select(sa.func.count()).select_from(reference_record)).scalar()
        assert stored == 100_500
    assert ReferenceData(engine).get("unlocode", "CNSHA")["name"] == "Shanghai"

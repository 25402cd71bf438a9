"""The audit trail: hash chain, tampering detected, retention by an explicit prune, transactions."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from clearance.errors import InputError
from clearance.service import audit
from clearance.service.audit import GENESIS_HASH, AuditIntegrityError, prune, record, records, verify
from clearance.store import open_database
from clearance.store.schema import audit_anchor, audit_record, shipment_record

T0 = datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)


@pytest.fixture
def engine(db_settings):
    engine = open_database(db_settings)
    yield engine
    engine.dispose()


def _fill(engine, count: int, start: datetime = T0, step: timedelta = timedelta(minutes=1)) -> list[audit.AuditRecord]:
    return [record(engine, actor=f"user{n % 2}", action="report.created", subject=f"report:{n}",
                   detail={"decision": "clear", "findings": n, "note": "ünïcode"},
                   snapshots={"ofac_sdn": f"ofac_sdn:{n:012d}"}, at=start + n * step)
            for n in range(1, count + 1)]


def _sql(engine, statement: str) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text(statement))


# --- the chain -------------------------------------------------------------------------------

def test_a_chain_of_records_verifies(engine):
    written = _fill(engine, 6)
    assert [r.id for r in written] == [1, 2, 3, 4, 5, 6]
    assert written[0].previous_hash == GENESIS_HASH
    assert all(b.previous_hash == a.hash for a, b in itertools.pairwise(written))
    result = verify(engine)
    assert result.ok and result.problems == [] and result.records == 6
    assert (result.head_id, result.head_hash, result.anchor_id) == (6, written[-1].hash, None)
    # what was hashed is what reads back, microseconds and non-ASCII text included
    stored = records(engine, limit=10)
    assert [r.id for r in stored] == [6, 5, 4, 3, 2, 1]
    assert stored[-1] == written[0] and stored[-1].at == T0 + timedelta(minutes=1)


def test_empty_trail_verifies(engine):
    result = verify(engine)
    assert result.ok and result.records == 0 and result.head_id is None


def test_record_altered_in_the_database_is_reported(engine):
    _fill(engine, 4)
    _sql(engine, """UPDATE audit_record SET detail = '{"decision": "clear", "findings": 0}' WHERE id = 2""")
    result = verify(engine)
    assert not result.ok
    assert result.problems == ["record 2 altered: its content does not match its hash"]


@pytest.mark.parametrize("change", ["actor = 'mallory'", "action = 'report.deleted'", "subject = 'report:99'",
                                    "snapshots = '{}'", "previous_hash = hash"])
def test_any_altered_column_is_reported(engine, change):
    _fill(engine, 3)
    _sql(engine, f"UPDATE audit_record SET {change} WHERE id = 3")
    problems = verify(engine).problems
    assert "record 3 altered: its content does not match its hash" in problems


def test_altered_time_is_reported(engine):
    written = _fill(engine, 3)
    with engine.begin() as connection:
        connection.execute(audit_record.update().where(audit_record.c.id == 2)
                           .values(at=written[1].at + timedelta(microseconds=1)))
    assert verify(engine).problems == ["record 2 altered: its content does not match its hash"]


def test_altered_hash_also_breaks_the_next_link(engine):
    _fill(engine, 3)
    _sql(engine, "UPDATE audit_record SET hash = '" + "a" * 64 + "' WHERE id = 2")
    problems = verify(engine).problems
    assert problems[0] == "record 2 altered: its content does not match its hash"
    assert problems[1].startswith("record 3: broken link")


def test_deleted_middle_record_is_reported(engine):
    _fill(engine, 5)
    _sql(engine, "DELETE FROM audit_record WHERE id = 3")
    result = verify(engine)
    assert not result.ok and result.records == 4
    assert result.problems == [
        "record 3 is missing (deleted)",
        ("record 4: broken link: its previous_hash does not match the hash of record 2 (a record was deleted, "
         "inserted or altered)"),
    ]


def test_deleted_first_records_are_reported(engine):
    _fill(engine, 4)
    _sql(engine, "DELETE FROM audit_record WHERE id <= 2")
    problems = verify(engine).problems
    assert problems[0] == "records 1 to 2 are missing (deleted)"
    assert problems[1].startswith("record 3: broken link") and "the start of the chain" in problems[1]


def test_a_forged_record_is_reported(engine):
    written = _fill(engine, 2)
    with engine.begin() as connection:  # a record appended behind the writer's back, with a made-up hash
        connection.execute(audit_record.insert().values(
            id=3, at=T0, actor="mallory", action="override", subject="report:1", detail={}, snapshots={},
            previous_hash=written[-1].hash, hash="b" * 64))
    assert verify(engine).problems == ["record 3 altered: its content does not match its hash"]


def test_a_value_altered_into_garbage_is_reported(settings):
    engine = open_database(settings)  # SQLite only: PostgreSQL would refuse the value
    _fill(engine, 3)
    _sql(engine, "UPDATE audit_record SET at = 'yesterday' WHERE id = 2")
    problems = verify(engine).problems
    assert len(problems) == 1 and problems[0].startswith("record 2 altered: it cannot be read")


# --- writing ---------------------------------------------------------------------------------

def test_record_in_the_callers_transaction_rolls_back_with_it(engine):
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.execute(shipment_record.insert().values(reference="T-1", payload={}, submitted_by="kim",
                                                           submitted_at=T0))
        record(connection, actor="kim", action="report.created", subject="shipment:T-1", detail={}, at=T0)
        raise RuntimeError("the decision failed")
    assert records(engine) == []
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(shipment_record)).scalar() == 0

    with engine.begin() as connection:  # and commits with it
        connection.execute(shipment_record.insert().values(reference="T-1", payload={}, submitted_by="kim",
                                                           submitted_at=T0))
        written = record(connection, actor="kim", action="report.created", subject="shipment:T-1", detail={},
                         at=T0)
    assert written.id == 1 and records(engine) == [written] and verify(engine).ok


def test_record_checks_its_input(engine):
    with pytest.raises(InputError) as caught:
        record(engine, actor=" ", action="x" * 61, subject="report:1", detail={}, at=T0)
    assert [p.field for p in caught.value.problems] == ["actor", "action"]
    with pytest.raises(InputError, match="not JSON"):
        record(engine, actor="kim", action="override", subject="report:1", detail={"x": object()}, at=T0)
    with pytest.raises(InputError, match="JSON object"):
        record(engine, actor="kim", action="override", subject="report:1", detail=["x"], at=T0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timezone-aware"):
        record(engine, actor="kim", action="override", subject="report:1", detail={}, at=datetime(2026, 1, 1))
    assert records(engine) == []


def test_decimals_and_dates_are_stored_as_strings(engine):
    written = record(engine, actor="kim", action="override", subject="report:1",
                     detail={"duty": Decimal("12.30"), "as_of": date(2026, 3, 1), "n": 1.5}, at=T0)
    assert written.detail == {"duty": "12.30", "as_of": "2026-03-01", "n": 1.5}
    assert records(engine)[0].detail == written.detail and verify(engine).ok


def test_concurrent_writers_do_not_fork_the_chain(engine):
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for n in range(8):
                record(engine, actor=f"w{worker}", action="report.created", subject=f"report:{worker}-{n}",
                       detail={"n": n}, at=T0)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = verify(engine)
    assert result.ok and result.records == 32 and result.head_id == 32


# --- reading ---------------------------------------------------------------------------------

def test_records_filter_and_page_newest_first(engine):
    _fill(engine, 7)
    record(engine, actor="kim", action="disposition.recorded", subject="disposition:1", detail={}, at=T0)
    assert [r.id for r in records(engine, limit=3)] == [8, 7, 6]
    assert [r.id for r in records(engine, limit=3, offset=3)] == [5, 4, 3]
    assert [r.id for r in records(engine, actor="user0")] == [6, 4, 2]
    assert [r.id for r in records(engine, subject="report:3")] == [3]
    assert [r.id for r in records(engine, action="disposition.recorded")] == [8]
    assert [r.id for r in records(engine, actor="user1", subject="report:2")] == []
    assert records(engine, limit=0) == []
    with pytest.raises(ValueError):
        records(engine, offset=-1)


# --- retention -------------------------------------------------------------------------------

def _dated(engine) -> None:
    for day in (date(2019, 5, 1), date(2020, 2, 1), date(2020, 12, 31), date(2021, 6, 1), date(2026, 1, 1)):
        record(engine, actor="kim", action="report.created", subject=f"report:{day}", detail={},
               at=datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=23))


def test_prune_keeps_the_chain_verifiable_and_records_itself(engine):
    _dated(engine)
    old = records(engine, limit=10)
    at = datetime(2026, 6, 1, 12, tzinfo=UTC)
    assert prune(engine, before=date(2021, 1, 1), actor="admin", at=at) == 3
    kept = records(engine, limit=10)
    assert [r.id for r in kept] == [6, 5, 4]
    pruned = kept[0]
    assert (pruned.action, pruned.actor, pruned.subject) == ("audit.pruned", "admin", "audit")
    assert pruned.detail == {"before": "2021-01-01", "count": 3, "up_to_id": 3, "anchor_hash": old[2].hash,
                             "retention_years": 5, "forced": False}
    result = verify(engine)
    assert result.ok and result.records == 3 and result.anchor_id == 3 and result.head_id == 6
    with engine.connect() as connection:
        anchor = connection.execute(sa.select(audit_anchor)).one()
    assert (anchor.last_id, anchor.last_hash, anchor.pruned, anchor.before) == (3, old[2].hash, 3, date(2021, 1, 1))
    # later records chain on, and a second prune anchors further
    record(engine, actor="kim", action="override", subject="report:1", detail={}, at=at)
    assert verify(engine).ok
    assert prune(engine, before=date(2021, 6, 2), actor="admin", at=at + timedelta(days=2)) == 1
    result = verify(engine)
    assert result.ok and result.anchor_id == 4 and [r.id for r in records(engine)] == [8, 7, 6, 5]


def test_prune_with_nothing_old_enough_still_records_itself(engine):
    _dated(engine)
    assert prune(engine, before=date(2019, 1, 1), actor="admin", at=datetime(2026, 6, 1, tzinfo=UTC)) == 0
    last = records(engine, limit=1)[0]
    assert last.action == "audit.pruned" and last.detail["count"] == 0 and last.detail["up_to_id"] is None
    assert verify(engine).ok and verify(engine).records == 6


def test_prune_inside_retention_is_refused_unless_forced(engine):
    _dated(engine)
    at = datetime(2026, 6, 1, 12, tzinfo=UTC)
    with pytest.raises(InputError, match="inside the 5-year retention period") as caught:
        prune(engine, before=date(2021, 6, 2), actor="admin", at=at)
    assert "2021-06-01" in str(caught.value) and caught.value.problems[0].field == "before"
    assert len(records(engine)) == 5  # nothing was touched
    assert prune(engine, before=date(2021, 6, 1), actor="admin", at=at) == 3  # exactly 5 years: allowed
    # forced: everything before the cut-off goes, the first prune's own record included
    assert prune(engine, before=date(2026, 6, 2), actor="admin", at=at, force=True) == 3
    result = verify(engine)
    assert result.ok and result.records == 1 and result.anchor_id == 6
    assert [(r.detail["forced"], r.detail["up_to_id"]) for r in records(engine)] == [(True, 6)]


def test_retention_limit_on_29_february():
    assert audit.retention_limit(datetime(2028, 2, 29, tzinfo=UTC)) == date(2023, 2, 28)
    assert audit.retention_limit(datetime(2026, 6, 1, 1, tzinfo=UTC)) == date(2021, 6, 1)


def test_prune_refuses_a_chain_that_does_not_verify(engine):
    _dated(engine)
    _sql(engine, "DELETE FROM audit_record WHERE id = 2")
    with pytest.raises(AuditIntegrityError, match="record 2 is missing"):
        prune(engine, before=date(2021, 1, 1), actor="admin", at=datetime(2026, 6, 1, tzinfo=UTC))
    assert [r.id for r in records(engine)] == [5, 4, 3, 1]


def test_records_deleted_behind_a_forged_anchor_are_reported(engine):
    written = _fill(engine, 4)
    with engine.begin() as connection:
        connection.execute(audit_record.delete().where(audit_record.c.id <= 2))
        connection.execute(audit_anchor.insert().values(last_id=2, last_hash=written[1].hash, pruned=2,
                                                        before=date(2020, 1, 1), created_by="mallory",
                                                        created_at=T0))
    problems = verify(engine).problems
    assert len(problems) == 1 and "not confirmed by an 'audit.pruned' record" in problems[0]


def test_a_record_restored_below_the_anchor_is_reported(engine):
    _dated(engine)
    gone = records(engine, limit=10)[-1]
    prune(engine, before=date(2021, 1, 1), actor="admin", at=datetime(2026, 6, 1, tzinfo=UTC))
    with engine.begin() as connection:
        connection.execute(audit_record.insert().values(
            id=gone.id, at=gone.at, actor=gone.actor, action=gone.action, subject=gone.subject, detail=gone.detail,
            snapshots=gone.snapshots, previous_hash=gone.previous_hash, hash=gone.hash))
    problems = verify(engine).problems
    assert len(problems) == 1 and problems[0].startswith("record 1 is below the retention anchor")

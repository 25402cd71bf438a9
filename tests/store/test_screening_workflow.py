"""Screening review workflow: append-only dispositions, the accept list, stored parties and
re-screening when a list snapshot changes. All list entries are fictional."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from alembic import command

from clearance.errors import InputError
from clearance.screening.entity import ListEntity
from clearance.screening.matcher import PartyQuery, Screener
from clearance.settings import Settings
from clearance.store import open_database
from clearance.store import screening as sw
from clearance.store.db import create_engine
from clearance.store.schema import screened_party
from tests.store.migrations import alembic_config

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
VERSION = "clearance-names-1"

HAMID = ListEntity(id="test:1", list="test", type="person", programs=["FICTION"],
                   names=[{"full": "Hamid AL-ALI", "role": "primary"}],
                   dates_of_birth=[{"value": "1970-01-02"}], nationalities=["XY"])
NORTHWIND = ListEntity(id="test:2", list="test", type="organization",
                       names=[{"full": "Northwind Trading LLC", "role": "primary"}], countries=["XY"])
QUELLMANN = ListEntity(id="test:3", list="test", type="person",
                       names=[{"full": "Boris Quellmann", "role": "primary"}])
ZORVAN = ListEntity(id="other:9", list="other", type="person",
                    names=[{"full": "Hamid Zorvan Al Ali", "role": "strong_alias"},
                           {"full": "Zorvan Petrakis", "role": "primary"}])
BASE = [HAMID, NORTHWIND, QUELLMANN]
SNAP1 = {"test": "test:aaaaaaaaaaaa"}
SNAP2 = {"test": "test:bbbbbbbbbbbb"}

PARTY = PartyQuery(name="Hamid AL-ALI", type="person", country="XY", dob="1970-01-02", ref="C-100")
SAME_PARTY = PartyQuery(name="AL ALI, Hamid", type="person", country="xy", dob="1970-01-02")
OTHER_DOB = PartyQuery(name="Hamid AL-ALI", type="person", country="XY", dob="1970")
OTHER_COUNTRY = PartyQuery(name="Hamid AL-ALI", type="person")


@pytest.fixture
def engine(settings: Settings) -> sa.Engine:
    return open_database(settings)


def _changed(entity: ListEntity, **update: object) -> ListEntity:
    return ListEntity.model_validate({**entity.model_dump(mode="json"), **update})


def _decide(engine: sa.Engine, query: PartyQuery = PARTY, entity: ListEntity = HAMID, *,
            decision: str = "false_positive", reason: str = "different person: other father's name",
            decided_by: str = "a.meier", at: datetime = T0) -> sw.Disposition:
    return sw.record_disposition(engine, query=query, entity=entity, snapshot_id=SNAP1["test"],
                                 decision=decision, reason=reason, decided_by=decided_by, at=at,
                                 matcher_version=VERSION)


def _fields(error: InputError) -> list[str | None]:
    return [p.field for p in error.problems]


# --- identities --------------------------------------------------------------------------------

def test_party_key_ignores_spelling_and_order_but_not_attributes():
    assert sw.party_key(PARTY) == sw.party_key(SAME_PARTY)
    assert sw.party_key(PARTY) == sw.party_key(PARTY.model_copy(update={"ref": "other", "gender": "male"}))
    assert len({sw.party_key(q) for q in (PARTY, OTHER_DOB, OTHER_COUNTRY)}) == 3
    assert sw.party_key(PARTY) != sw.party_key(PartyQuery.model_validate({**PARTY.model_dump(), "type": "organization"}))
    assert len(sw.party_key(PARTY)) == 64


def test_entry_hash_changes_with_the_entry_only():
    assert sw.entry_hash(HAMID) == sw.entry_hash(ListEntity.model_validate(HAMID.model_dump(mode="json")))
    assert sw.entry_hash(HAMID) != sw.entry_hash(_changed(HAMID, remarks="address added"))


# --- dispositions ------------------------------------------------------------------------------

def _check_append_only(engine: sa.Engine) -> None:
    first = _decide(engine)
    assert first.decision == "false_positive" and first.decided_at == T0 and first.decided_at.tzinfo is not None
    assert first.party_key == sw.party_key(PARTY) and first.entry_hash == sw.entry_hash(HAMID)
    assert first.party_query["ref"] == "C-100" and first.party_name == "Hamid AL-ALI"
    assert first.snapshot_id == SNAP1["test"] and first.matcher_version == VERSION
    second = _decide(engine, decision="true_match", reason="passport matches", decided_by="b.chen",
                     at=T0 + timedelta(days=2))
    history = sw.dispositions(engine, party_key=sw.party_key(PARTY))
    assert history == [first, second]  # both kept, oldest first, the first one untouched
    assert sw.dispositions(engine, entity_id="test:1") == history
    assert sw.dispositions(engine, party_key=sw.party_key(OTHER_DOB)) == []
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(sa.table("screening_disposition"))
                                  ).scalar() == 2


def test_dispositions_are_appended_never_updated(engine):
    _check_append_only(engine)


@pytest.mark.postgresql
def test_dispositions_on_postgresql(postgres_server_url, tmp_path):
    from tests.postgres import fresh_database

    engine = open_database(Settings(data_dir=tmp_path / "data",
                                    database_url=fresh_database(postgres_server_url)))
    _check_append_only(engine)
    result = Screener.from_entities(BASE).screen(SAME_PARTY)
    sw.remember(engine, result, SNAP1, T0)
    sw.remember(engine, result, SNAP2, T0 + timedelta(hours=1))  # upsert on PostgreSQL
    report = sw.rescreen(engine, Screener.from_entities(BASE).screen, SNAP2, T0 + timedelta(hours=2), force=True)
    assert report.changes == [] and report.screened == 1


def test_latest_disposition_wins(engine):
    screener = Screener.from_entities(BASE)
    late = _decide(engine, decision="true_match", reason="confirmed", at=T0 + timedelta(days=5))
    _decide(engine, at=T0 + timedelta(days=1))  # recorded later, decided earlier: not in force
    outcome = sw.accept_list(engine, screener.screen(PARTY))
    assert outcome.latest["test:1"] == late and outcome.suppressed == []
    same_time = _decide(engine, at=T0 + timedelta(days=5))  # same decided_at: the higher id wins
    outcome = sw.accept_list(engine, screener.screen(PARTY))
    assert outcome.latest["test:1"] == same_time and [d for _, d in outcome.suppressed] == [same_time]
    assert [d.decided_at for d in sw.dispositions(engine)] == [
        T0 + timedelta(days=1), T0 + timedelta(days=5), T0 + timedelta(days=5)]


def test_time_is_stored_as_utc(engine):
    berlin = timezone(timedelta(hours=1))
    stored = _decide(engine, at=datetime(2026, 3, 1, 10, 30, tzinfo=berlin))
    assert stored.decided_at == T0 and stored.as_dict()["decided_at"] == "2026-03-01T09:30:00Z"
    with pytest.raises(ValueError):
        _decide(engine, at=datetime(2026, 3, 1, 9, 30))


@pytest.mark.parametrize(("changes", "fields"), [
    ({"decision": "maybe"}, ["decision"]),
    ({"decision": ""}, ["decision"]),
    ({"reason": ""}, ["reason"]),
    ({"reason": "  \n "}, ["reason"]),
    ({"decided_by": ""}, ["decided_by"]),
    ({"decided_by": "x" * 121}, ["decided_by"]),
    ({"decision": "clear", "reason": "", "decided_by": " "}, ["decision", "reason", "decided_by"]),
])
def test_bad_dispositions_are_rejected(engine, changes, fields):
    with pytest.raises(InputError) as caught:
        _decide(engine, **changes)
    assert _fields(caught.value) == fields
    assert all(f in str(caught.value) for f in fields)
    assert sw.dispositions(engine) == []  # nothing written


def test_bad_decision_names_the_choices(engine):
    with pytest.raises(InputError, match="true_match, false_positive"):
        _decide(engine, decision="false-positive")


# --- accept list -------------------------------------------------------------------------------

def test_false_positive_suppresses_the_same_alert_for_the_same_party(engine):
    screener = Screener.from_entities(BASE)
    disposition = _decide(engine)
    result = screener.screen(SAME_PARTY)  # other spelling and word order, same attributes
    assert [m.entity_id for m in result.matches] == ["test:1"]
    kept, suppressed = sw.apply_accept_list(engine, result)
    assert kept == [] and [(m.entity_id, d) for m, d in suppressed] == [("test:1", disposition)]
    assert sw.changed_since_disposition(engine, result) == {}


@pytest.mark.parametrize("query", [OTHER_DOB, OTHER_COUNTRY], ids=["other-dob", "no-country"])
def test_false_positive_does_not_suppress_for_another_party(engine, query):
    _decide(engine)
    result = Screener.from_entities(BASE).screen(query)
    assert [m.entity_id for m in result.matches] == ["test:1"]  # still an alert
    kept, suppressed = sw.apply_accept_list(engine, result)
    assert [m.entity_id for m in kept] == ["test:1"] and suppressed == []


def test_false_positive_does_not_suppress_after_the_entry_changed(engine):
    disposition = _decide(engine)
    changed = _changed(HAMID, programs=["FICTION", "FICTION-2"])
    result = Screener.from_entities([changed, NORTHWIND, QUELLMANN]).screen(PARTY)
    kept, suppressed = sw.apply_accept_list(engine, result)
    assert [m.entity_id for m in kept] == ["test:1"] and suppressed == []
    since = sw.changed_since_disposition(engine, result)
    assert since == {"test:1": disposition}
    assert since["test:1"].changed_note() == \
        "entry changed since the false-positive disposition of 2026-03-01 by a.meier"
    # A new false positive on the entry as it is now suppresses again.
    _decide(engine, entity=changed, reason="still not him", at=T0 + timedelta(days=1))
    kept, suppressed = sw.apply_accept_list(engine, result)
    assert kept == [] and len(suppressed) == 1


def test_true_match_never_suppresses(engine):
    disposition = _decide(engine, decision="true_match", reason="passport number matches")
    result = Screener.from_entities(BASE).screen(SAME_PARTY)
    outcome = sw.accept_list(engine, result)
    assert [m.entity_id for m in outcome.kept] == ["test:1"] and outcome.suppressed == []
    assert outcome.changed == {} and outcome.latest == {"test:1": disposition}


def test_accept_list_is_per_entity(engine):
    screener = Screener.from_entities([*BASE, ZORVAN])
    result = screener.screen(PARTY)
    assert {m.entity_id for m in result.matches} == {"test:1", "other:9"}
    _decide(engine, entity=ZORVAN, reason="alias of another person")
    kept, suppressed = sw.apply_accept_list(engine, result)
    assert [m.entity_id for m in kept] == ["test:1"] and [m.entity_id for m, _ in suppressed] == ["other:9"]


def test_accept_list_uses_one_query_per_result(engine):
    screener = Screener.from_entities([*BASE, ZORVAN])
    _decide(engine)
    _decide(engine, entity=ZORVAN)
    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    sw.accept_list(engine, screener.screen(PARTY))
    assert len([s for s in statements if "screening_disposition" in s]) == 1


# --- remember and re-screen --------------------------------------------------------------------

def _stored(engine: sa.Engine) -> list[sa.Row]:
    with engine.connect() as connection:
        return connection.execute(sa.select(screened_party).order_by(screened_party.c.id)).all()


def _remember_all(engine: sa.Engine, screener: Screener) -> None:
    for query in (PARTY, PartyQuery(name="Northwind Trading L.L.C.", type="organization", ref="C-200"),
                  PartyQuery(name="Boris Quelmann", ref="C-300"),
                  PartyQuery(name="Clara Nobody", ref="C-400")):
        sw.remember(engine, screener.screen(query), SNAP1, T0)


def test_remember_upserts_by_party(engine):
    screener = Screener.from_entities(BASE)
    sw.remember(engine, screener.screen(PARTY), SNAP1, T0)
    sw.remember(engine, screener.screen(SAME_PARTY), SNAP2, T0 + timedelta(hours=1))  # no ref: keeps C-100
    rows = _stored(engine)
    assert len(rows) == 1
    row = rows[0]
    assert row.party_key == sw.party_key(PARTY) and row.ref == "C-100" and row.snapshots == SNAP2
    assert row.alerts == {"test:1": {"entry_hash": sw.entry_hash(HAMID), "band": "block", "score": 1.0,
                                     "list": "test", "name": "Hamid AL-ALI"}}
    assert row.first_screened_at.replace(tzinfo=UTC) == T0
    assert row.last_screened_at.replace(tzinfo=UTC) == T0 + timedelta(hours=1)


def test_rescreen_without_changes_reports_nothing(engine):
    screener = Screener.from_entities(BASE)
    _remember_all(engine, screener)
    calls: list[tuple[int, int]] = []
    report = sw.rescreen(engine, screener.screen, SNAP1, T0 + timedelta(days=1),
                         lambda done, total: calls.append((done, total)))
    assert report == sw.RescreenReport([], screened=0, skipped=4)  # same snapshots: nothing to do
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert {r.last_screened_at.replace(tzinfo=UTC) for r in _stored(engine)} == {T0}
    report = sw.rescreen(engine, screener.screen, SNAP2, T0 + timedelta(days=1))
    assert report == sw.RescreenReport([], screened=4, skipped=0)  # new snapshot, same entries
    assert {r.last_screened_at.replace(tzinfo=UTC) for r in _stored(engine)} == {T0 + timedelta(days=1)}
    assert all(r.snapshots == SNAP2 for r in _stored(engine))
    forced = sw.rescreen(engine, screener.screen, SNAP2, T0 + timedelta(days=2), force=True)
    assert forced == sw.RescreenReport([], screened=4, skipped=0)


def test_rescreen_reports_new_changed_and_cleared(engine):
    _remember_all(engine, Screener.from_entities(BASE))
    before = {r.party_key: r.alerts for r in _stored(engine)}
    # The next snapshot: Quellmann delisted, Northwind's entry amended, a new entry for Clara.
    clara = ListEntity(id="test:4", list="test", type="person", names=[{"full": "Clara Nobody", "role": "primary"}])
    northwind = _changed(NORTHWIND, remarks="Formerly Northwind Shipping LLC")
    report = sw.rescreen(engine, Screener.from_entities([HAMID, northwind, clara]).screen, SNAP2,
                         T0 + timedelta(days=1))
    assert (report.screened, report.skipped) == (4, 0)
    assert [(c.ref, c.entity_id, c.change, c.band, c.previous_band) for c in report.changes] == [
        ("C-200", "test:2", "changed", "block", "block"),
        ("C-300", "test:3", "cleared", "clear", "review"),
        ("C-400", "test:4", "new", "block", None),
    ]
    changed, cleared, new = report.changes
    assert "list entry changed" in changed.detail and changed.party_name == "Northwind Trading L.L.C."
    assert cleared.score is None and "no longer alerted" in cleared.detail and cleared.list == "test"
    assert new.score == 1.0 and new.detail.startswith("new block alert: 'Clara Nobody' on test")
    assert new.as_dict()["change"] == "new"
    after = {r.party_key: r.alerts for r in _stored(engine)}
    assert after[sw.party_key(PARTY)] == before[sw.party_key(PARTY)]  # Hamid: unchanged, not reported
    assert set(after[changed.party_key]) == {"test:2"}
    assert after[changed.party_key]["test:2"]["entry_hash"] == sw.entry_hash(northwind)
    assert after[cleared.party_key] == {} and set(after[new.party_key]) == {"test:4"}
    # Screening again on the same lists: nothing new.
    again = sw.rescreen(engine, Screener.from_entities([HAMID, northwind, clara]).screen, SNAP2,
                        T0 + timedelta(days=2), force=True)
    assert again.changes == []


def test_rescreen_reports_band_changes(engine):
    sw.remember(engine, Screener.from_entities(BASE).screen(PARTY), SNAP1, T0)
    weak = _changed(HAMID, names=[{"full": "Hamid AL-ALI", "role": "weak_alias"},
                                  {"full": "Abu Fictional", "role": "primary"}])
    report = sw.rescreen(engine, Screener.from_entities([weak]).screen, SNAP2, T0 + timedelta(days=1))
    assert [(c.change, c.previous_band, c.band) for c in report.changes] == [("changed", "block", "review")]
    assert "band block -> review" in report.changes[0].detail and "list entry changed" in report.changes[0].detail


def test_rescreen_respects_the_accept_list(engine):
    screener = Screener.from_entities(BASE)
    sw.remember(engine, Screener.from_entities([NORTHWIND]).screen(PARTY), SNAP1, T0)  # no alert yet
    _decide(engine, query=SAME_PARTY)
    report = sw.rescreen(engine, screener.screen, SNAP2, T0 + timedelta(days=1))
    assert report.changes == [] and report.screened == 1  # suppressed: not reported as new
    assert set(_stored(engine)[0].alerts) == {"test:1"}  # but kept as the screening's alert
    # Delisted after a false positive: no "cleared" either, it was never an alert.
    report = sw.rescreen(engine, Screener.from_entities([NORTHWIND]).screen, SNAP1, T0 + timedelta(days=2))
    assert report.changes == []
    # Back with an amended entry: raised again, saying since which disposition it changed.
    sw.rescreen(engine, screener.screen, SNAP2, T0 + timedelta(days=3))
    amended = _changed(HAMID, remarks="new passport")
    report = sw.rescreen(engine, Screener.from_entities([amended]).screen, SNAP1, T0 + timedelta(days=4))
    assert [(c.change, c.entity_id) for c in report.changes] == [("changed", "test:1")]
    assert report.changes[0].disposition is not None
    assert "entry changed since the false-positive disposition of 2026-03-01" in report.changes[0].detail


def test_screen_function_may_apply_the_accept_list_itself(engine):
    screener = Screener.from_entities([*BASE, ZORVAN])
    _decide(engine)

    def screen(query: PartyQuery):
        result = screener.screen(query)
        result.suppress(*sw.apply_accept_list(engine, result))
        return result

    result = screen(PARTY)
    assert [m.entity_id for m in result.matches] == ["other:9"] and len(result.suppressed) == 1
    assert sw.apply_accept_list(engine, result) == (result.matches, result.suppressed)  # idempotent
    sw.remember(engine, result, SNAP1, T0)
    assert set(_stored(engine)[0].alerts) == {"test:1", "other:9"}  # the suppressed alert is kept too
    report = sw.rescreen(engine, screen, SNAP2, T0 + timedelta(days=1))
    assert report.changes == [] and report.screened == 1  # not "cleared": it is still a (suppressed) match


def test_true_match_delisting_is_reported_as_cleared(engine):
    sw.remember(engine, Screener.from_entities(BASE).screen(PARTY), SNAP1, T0)
    _decide(engine, decision="true_match", reason="confirmed by passport")
    report = sw.rescreen(engine, Screener.from_entities([NORTHWIND]).screen, SNAP2, T0 + timedelta(days=1))
    assert [(c.change, c.entity_id, c.ref) for c in report.changes] == [("cleared", "test:1", "C-100")]


def test_remember_rejects_an_overlong_ref(engine):
    result = Screener.from_entities(BASE).screen(PARTY.model_copy(update={"ref": "r" * 201}))
    with pytest.raises(InputError) as caught:
        sw.remember(engine, result, SNAP1, T0)
    assert _fields(caught.value) == ["ref"]


# --- migration ---------------------------------------------------------------------------------

def test_database_at_0002_is_upgraded_on_open(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    old = create_engine(settings.resolved_database_url())
    with old.begin() as connection:
        command.upgrade(alembic_config(connection), "0002")
    tables = sa.inspect(old).get_table_names()
    assert "product_classification" in tables and "screening_disposition" not in tables
    old.dispose()

    engine = open_database(settings)
    assert {"screening_disposition", "screened_party"} <= set(sa.inspect(engine).get_table_names())
    with engine.connect() as connection:
        assert connection.execute(sa.text("select version_num from alembic_version")).scalar() not in ("0001", "0002")
    assert _decide(engine).id == 1


def test_migration_matches_schema_and_downgrades(engine):
    from clearance.store.schema import screening_disposition

    inspector = sa.inspect(engine)
    for table, nullable in ((screening_disposition, {"snapshot_id"}), (screened_party, {"ref"})):
        columns = {c["name"]: c for c in inspector.get_columns(table.name)}
        assert list(columns) == [c.name for c in table.columns]
        assert {n for n, c in columns.items() if c["nullable"]} == nullable
    assert sorted(i["column_names"] for i in inspector.get_indexes("screening_disposition")) == [
        ["entity_id"], ["party_key"]]
    unique = [c["column_names"] for c in inspector.get_unique_constraints("screened_party")]
    unique += [i["column_names"] for i in inspector.get_indexes("screened_party") if i["unique"]]
    assert ["party_key"] in unique
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0002")
    assert not {"screening_disposition", "screened_party"} & set(sa.inspect(engine).get_table_names())
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    assert {"screening_disposition", "screened_party"} <= set(sa.inspect(engine).get_table_names())

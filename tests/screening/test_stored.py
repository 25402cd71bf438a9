"""The stored screening index (``screening.stored``): read back it answers exactly as the build it
came from; another list snapshot, matcher version or config misses it; a damaged one is built
again, never trusted. Fictional parties throughout."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from clearance.refdata import ReferenceData
from clearance.screening import stored
from clearance.screening.entity import EntityType, ListEntity
from clearance.screening.features import MatcherConfig
from clearance.screening.lists import screener_for
from clearance.screening.matcher import PartyQuery, Screener
from clearance.settings import Settings
from tests.screening.fixtures import (
    count_builds,
    import_names_folder,
    person,
    sample_entities,
    write_names_folder,
)

SNAPSHOTS = {"test_list": "test_list:2026-11-01:aaaa", "other_list": "other_list:2026-10-01:bbbb"}

# Beside the sample's traps: names in Chinese characters and Hangul (tokens that are more than
# their text), and stored dumps of entries without a type, one an organisation by its words.
ENTITIES: list[ListEntity | dict] = [
    *sample_entities(),
    person("8", "鄭明國", dob="1958"),
    person("9", "편수호", "PYEON Su Ho"),
    {"id": "other_list:1", "list": "other_list", "names": [{"full": "Velmora Trading Company", "role": "primary"}],
     "identifiers": [{"kind": "registration", "value": "VT-20-55-881"}]},
    {"id": "other_list:2", "list": "other_list", "names": [{"full": "Quistadel Armand", "role": "primary"},
                                                           {"full": "Q. Armand", "role": "weak_alias"}]},
]

QUERIES = [
    PartyQuery(name="QUORVANI, Teodric Alsmund", dob="1961", country="IR", gender="male"),
    PartyQuery(name="Teodric QUORVANl", dob="1990"),  # OCR-like typo, a date of birth too far
    PartyQuery(name="Hamid Zafranee"),  # a spelling no list has: the one-deletion neighbours
    PartyQuery(name="Abu Zafran"),  # a weak alias
    PartyQuery(name="Zentravox Heavy Industries L.L.C.", type=EntityType.ORGANIZATION),
    PartyQuery(name="Zentravox HI LLC", country="AE"),
    PartyQuery(name="Orvistal Shiping Co Ltd"),
    PartyQuery(name="Yaroslav Peleshenko"),
    PartyQuery(name="Ярослав Пелешенко"),  # another script: person-name symbols are tagged now
    PartyQuery(name="Ali MOHAMMED", type=EntityType.PERSON),
    PartyQuery(name="鄭明國"),
    PartyQuery(name="正明果"),  # the same syllables in other characters: another name
    PartyQuery(name="Zheng Ming Guo"),
    PartyQuery(name="편수호"),
    PartyQuery(name="Pyeon Suho"),
    PartyQuery(name="Velmora Trading", type=EntityType.PERSON),  # listed type inferred from "trading"
    PartyQuery(name="Quistadel Armand", country="FR"),
    PartyQuery(name="Nobody Known", identifiers=["VT 20 55 881"]),  # an identifier alone
    PartyQuery(name="Maria Lopez"),
]


def _stored(cache: Path, config: MatcherConfig | None = None) -> tuple[Screener, str]:
    built = Screener.from_entities(ENTITIES, config)
    key = stored.cache_key(SNAPSHOTS, built.config)
    stored.write(cache, key, built.index, SNAPSHOTS, skipped=2)
    return built, key


def test_a_stored_index_answers_as_the_build_it_came_from(tmp_path):
    built, key = _stored(tmp_path)
    found = stored.read(tmp_path, key, MatcherConfig())
    assert found is not None and found.snapshots == SNAPSHOTS and found.skipped_duplicates == 2
    assert list(found.entities) == [e.model_dump(mode="json") if isinstance(e, ListEntity) else e for e in ENTITIES]
    read_back = Screener(found.index)
    assert len(read_back.index) == len(built.index) and read_back.index.symbols_pending
    assert read_back._identifiers == built._identifiers
    results = [(built.screen(q), read_back.screen(q)) for q in QUERIES]
    for fresh, again in results:
        assert again == fresh, fresh.query.name
        assert again.to_dict() == fresh.to_dict()
    # The comparison is not one of empty results: the queries reach every band and most entries.
    assert {fresh.band for fresh, _ in results} == {"clear", "review", "block"}
    assert len({m.entity_id for fresh, _ in results for m in fresh.matches}) >= 10
    assert not built.index.symbols_pending and not read_back.index.symbols_pending  # both tagged on demand
    assert [read_back.index.names[i] for i in range(len(built.index))] == built.index.names


def test_another_snapshot_matcher_or_config_is_another_key(tmp_path):
    _, key = _stored(tmp_path)
    config = MatcherConfig()
    assert stored.cache_key(dict(SNAPSHOTS), config) == key
    others = [
        stored.cache_key(SNAPSHOTS | {"test_list": "test_list:2026-11-02:cccc"}, config),
        stored.cache_key({"test_list": SNAPSHOTS["test_list"]}, config),  # a list no longer loaded
        stored.cache_key(SNAPSHOTS, replace(config, version="clearance-names-test")),
        stored.cache_key(SNAPSHOTS, replace(config, candidates=config.candidates + 1)),
    ]
    assert len({key, *others}) == 5
    assert all(stored.read(tmp_path, other, config) is None for other in others)
    # Under its own key but asked for with another matcher: not trusted either.
    assert stored.read(tmp_path, key, replace(config, version="clearance-names-test")) is None


NAMES = [
    {"id": 1, "full_name": "Teodric Alsmund QUORVANI", "source": "nl", "aliases": ["QUORVANI Teo"]},
    {"id": 2, "full_name": "Hamid AL-ZAFRANI", "source": "nl", "aliases": []},
    {"id": 3, "full_name": "Zentravox Heavy Industries LLC", "source": "nl", "aliases": []},
]


def test_the_screener_is_stored_once_then_read_until_a_list_changes(tmp_path, monkeypatch):
    settings = Settings(data_dir=tmp_path / "d")
    database = import_names_folder(settings, write_names_folder(tmp_path / "src", NAMES)).database
    cache = settings.screening_cache()
    builds = count_builds(monkeypatch)
    query = PartyQuery(name="Hamid AL ZAFRANI")

    first = screener_for(ReferenceData(database, screening_cache=cache))
    assert first is not None and builds == [1] and len(list(cache.iterdir())) == 1
    reference = ReferenceData(database, screening_cache=cache)
    second = screener_for(reference)
    assert second is not None and builds == [1]  # read back, not built
    assert reference.used == set(first.lists.snapshots.values())  # the report still names the lists used
    assert second.lists.snapshots == first.lists.snapshots and list(second.lists.entities) == first.lists.entities
    assert second.screener.screen(query) == first.screener.screen(query)
    assert first.screener.screen(query).band == "block"

    # A new snapshot of the list: the stored index is not the lists' any more.
    changed = [*NAMES[:1], {"id": 4, "full_name": "Lucinda Maribel ORVIETO", "source": "nl", "aliases": []}]
    import_names_folder(settings, write_names_folder(tmp_path / "src2", changed))
    third = screener_for(ReferenceData(database, screening_cache=cache))
    assert third is not None and builds == [1, 1]
    assert third.screener.screen(query).band == "clear"
    assert third.screener.screen(PartyQuery(name="Lucinda ORVIETO")).band != "clear"
    assert [p.name for p in cache.iterdir()] == [stored.cache_key(third.lists.snapshots, MatcherConfig())]

    # Another matcher version over the same lists: built again, not read.
    screener_for(ReferenceData(database, screening_cache=cache), replace(MatcherConfig(), version="test-names-9"))
    assert builds == [1, 1, 1]


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [
    lambda folder: (folder / "done").unlink(),  # half-written: the marker is written last
    lambda folder: _truncate(folder / "index.npz"),
    lambda folder: _flip_a_byte(folder / "index.npz"),
    lambda folder: (folder / "index.npz").write_bytes(b"not an index"),
    lambda folder: (folder / "index.npz").unlink(),
], ids=["no-done-marker", "truncated", "flipped-byte", "garbage", "missing-file"])
def test_a_damaged_index_is_built_again_and_replaced(tmp_path, monkeypatch, damage):
    settings = Settings(data_dir=tmp_path / "d")
    database = import_names_folder(settings, write_names_folder(tmp_path / "src", NAMES)).database
    cache = settings.screening_cache()
    builds = count_builds(monkeypatch)
    first = screener_for(ReferenceData(database, screening_cache=cache))
    assert first is not None
    key = stored.cache_key(first.lists.snapshots, MatcherConfig())
    damage(cache / key)
    assert stored.read(cache, key, MatcherConfig()) is None

    again = screener_for(ReferenceData(database, screening_cache=cache))
    assert again is not None and builds == [1, 1]
    assert again.screener.screen(PartyQuery(name="Hamid AL ZAFRANI")).band == "block"
    assert stored.read(cache, key, MatcherConfig()) is not None  # stored whole again
    assert [p.name for p in cache.iterdir()] == [key]

"""Fictional list entities for screening tests (no real listed person or company)."""

from __future__ import annotations

from clearance.screening.entity import (
    EntityType,
    IdentifierKind,
    ListDate,
    ListEntity,
    ListIdentifier,
    ListName,
    NameRole,
)
from clearance.screening.matcher import Screener


def person(entity_id: str, name: str, *aliases: str, weak: tuple[str, ...] = (), dob: str | None = None,
           nationality: str | None = None, gender: str | None = None, passport: str | None = None,
           list_name: str = "test_list") -> ListEntity:
    names = [ListName(full=name, role=NameRole.PRIMARY)]
    names += [ListName(full=a, role=NameRole.STRONG_ALIAS) for a in aliases]
    names += [ListName(full=w, role=NameRole.WEAK_ALIAS) for w in weak]
    return ListEntity(
        id=f"{list_name}:{entity_id}", list=list_name, type=EntityType.PERSON, names=names,
        dates_of_birth=[ListDate(value=dob)] if dob else [], gender=gender,
        nationalities=[nationality] if nationality else [],
        identifiers=[ListIdentifier(kind=IdentifierKind.PASSPORT, value=passport)] if passport else [])


def company(entity_id: str, name: str, *aliases: str, country: str | None = None,
            list_name: str = "test_list") -> ListEntity:
    names = [ListName(full=name, role=NameRole.PRIMARY)]
    names += [ListName(full=a, role=NameRole.STRONG_ALIAS) for a in aliases]
    return ListEntity(id=f"{list_name}:{entity_id}", list=list_name, type=EntityType.ORGANIZATION, names=names,
                      countries=[country] if country else [])


def sample_entities() -> list[ListEntity]:
    """A small list with the traps a matcher must handle: shared common tokens, a weak alias,
    a company with a legal form, an entry written in Cyrillic."""
    return [
        person("1", "QUORVANI, Teodric Alsmund", dob="1961-05-14", nationality="IR", gender="male",
               passport="X1234567"),
        person("2", "AL-ZAFRANI, Hamid", "Hamid ZAFRANI", weak=("Abu Zafran",), dob="1970"),
        person("3", "BELLAMONTE ORVIETO, Lucinda Maribel", nationality="CO"),
        person("4", "Ярослав Пелешенко", "Yaroslav PELESHENKO"),
        person("5", "MOHAMMED, Ali"),
        company("6", "Zentravox Heavy Industries LLC", "Zentravox HI Limited Liability Company", country="AE"),
        company("7", "Orvistal Shipping Co., Ltd.", country="CN"),
    ]


NAMES_FOLDER = "sanctions/multi/finfan_2026-06-11"
NAME_ENTRIES = [
    {"id": 1, "full_name": "Teodric Alsmund QUORVANI", "source": "nl", "aliases": ["QUORVANI Teo"]},
    {"id": 2, "full_name": "Hamid AL-ZAFRANI", "source": "nl", "aliases": []},
    {"id": 3, "full_name": "Zentravox Heavy Industries LLC", "source": "nl", "aliases": []},
]


def write_names_folder(root, entries=None):
    """A data folder with the name-only 'nl' list in the multi-list export's layout."""
    import json

    folder = root / NAMES_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    rows = NAME_ENTRIES if entries is None else entries
    (folder / "nl.json").write_text(json.dumps(rows), encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps([{"key": "nl", "count": len(rows)}]), encoding="utf-8")
    return root


def import_names_folder(settings, root):
    """Import the fixture 'nl' list (count range widened for its few rows); the ReferenceData."""
    from dataclasses import replace

    from clearance.refdata import DATASETS, ReferenceData, import_dataset
    from clearance.store import open_database

    engine = open_database(settings)
    for dataset in DATASETS:
        if dataset.name == "nl":
            import_dataset(engine, replace(dataset, expected_count=(1, 1000)), root)
    return ReferenceData(engine)


def count_builds(monkeypatch) -> list[int]:
    """A list that gains an item each time ``Screener.from_entities`` builds an index (monkeypatched)."""
    builds: list[int] = []
    real = Screener.from_entities.__func__

    def counted(cls, *args, **kwargs):
        builds.append(1)
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(Screener, "from_entities", classmethod(counted))
    return builds
